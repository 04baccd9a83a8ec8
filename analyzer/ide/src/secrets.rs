//! sops-nix secrets in the editor: `sops.secrets."name"` keys and `config.sops.secrets."name"`
//! (`.path`) selections go to the key in the sops file, hover says where the key is and which
//! modules declare the secret, completion offers the sops files' key paths, and rename is
//! refused. Only key names and positions are read ([`qg_nixos::sops_keys`]); never a value.

use rnix::{SyntaxKind, SyntaxNode};
use rowan::{TextRange, TextSize};

use qg_syntax::{Span as FileSpan, Workspace};

use crate::completion::{CompletionItem, CompletionItemKind};
use crate::options::enclosing_keys;
use crate::references::path_at;
use crate::values::expr_path;
use crate::{Db, FileAnalysis, NavigationTarget};

/// Why qg refuses to rename a secret.
pub const RENAME_REFUSAL: &str = "qg does not rename secrets: the sops file is encrypted and signed; rename the key with `sops` and then the references";

/// A secret name written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SecretRef {
    pub name: String,
    /// The attribute under the cursor (the name, or `path` after it in a selection).
    pub range: TextRange,
}

/// Where a secret's key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SecretKey {
    pub key: String,
    /// Flake-relative sops file.
    pub file: String,
    /// The key's name in the sops file; `None` when the file lacks it.
    pub range: Option<TextRange>,
    /// 1-based line of the key.
    pub line: Option<u32>,
    pub declarations: Vec<FileSpan>,
    /// The host whose declarations were read, and whether the user chose it.
    pub host: Option<(String, bool)>,
}

/// The secret named at the cursor: the name in `sops.secrets."name"` (a key, also in a
/// nested set) or in `config.sops.secrets."name"`, and `path` after it in a selection.
pub(crate) fn secret_at(analysis: &FileAnalysis, offset: TextSize) -> Option<SecretRef> {
    let (attr, path) = path_at(analysis, offset)?;
    let in_select = attr
        .parent()
        .and_then(|p| p.parent())
        .is_some_and(|p| p.kind() == SyntaxKind::NODE_SELECT);
    let is_secret = path.len() >= 3 && path[0] == "sops" && path[1] == "secrets";
    let name_only = path.len() == 3 || (in_select && path.len() == 4 && path[3] == "path");
    (is_secret && name_only).then(|| SecretRef {
        name: path[2].clone(),
        range: attr.text_range(),
    })
}

/// The workspace's sops files (YAML or JSON with sops metadata), with their keys.
fn sops_files(
    db: &dyn Db,
    workspace: Workspace,
) -> Vec<(String, std::sync::Arc<qg_nixos::SopsKeys>)> {
    let mut out = Vec::new();
    for &file in workspace.files(db).iter() {
        let path = file.path(db);
        if ![".yaml", ".yml", ".json"].iter().any(|e| path.ends_with(e)) {
            continue;
        }
        if let Ok(keys) = qg_nixos::sops_keys(db, file) {
            if keys.has_sops_metadata {
                out.push((path.to_string(), keys.clone()));
            }
        }
    }
    out
}

/// Where the key of secret `name` is: from the host's declaration (its `key` and sops
/// file), else the first sops file of the workspace that has the key path `name`.
pub(crate) fn resolve(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    name: &str,
) -> Option<SecretKey> {
    let host = crate::values::host_for(db, workspace, selected, analysis);
    let declared = host.as_ref().and_then(|(h, _)| {
        qg_nixos::host_secret_list(db, workspace, h)
            .into_iter()
            .find(|s| s.name == name)
    });
    let declarations = declared
        .as_ref()
        .map(|s| s.declarations.clone())
        .unwrap_or_default();
    let key = declared
        .as_ref()
        .and_then(|s| s.key.clone())
        .unwrap_or_else(|| name.to_string());
    let locate = |file: &str| -> Option<SecretKey> {
        let source = workspace.file(db, file)?;
        let keys = qg_nixos::sops_keys(db, source).as_ref().ok()?.clone();
        let range = keys.get(&key).map(|k| k.range);
        let line = range.map(|r| qg_syntax::line_index(db, source).line(r.start()) + 1);
        Some(SecretKey {
            key: key.clone(),
            file: file.to_string(),
            range,
            line,
            declarations: declarations.clone(),
            host: host.clone(),
        })
    };
    if let Some(file) = declared.as_ref().and_then(|s| s.file.clone()) {
        if let Some(found) = locate(&file) {
            return Some(found);
        }
    }
    let file = sops_files(db, workspace)
        .into_iter()
        .find(|(_, keys)| keys.get(&key).is_some())?
        .0;
    locate(&file)
}

/// Go to definition on a secret name: its key in the sops file.
pub(crate) fn secret_definition(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<Vec<NavigationTarget>> {
    let secret = secret_at(analysis, offset)?;
    let found = resolve(db, workspace, selected, analysis, &secret.name);
    Some(
        found
            .and_then(|k| {
                let range = k.range?;
                Some(NavigationTarget {
                    file: k.file.as_str().into(),
                    full_range: range,
                    focus_range: range,
                })
            })
            .into_iter()
            .collect(),
    )
}

/// Hover on a secret name: where its key is and which modules declare it (never a value).
pub(crate) fn secret_hover(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<(TextRange, String)> {
    let secret = secret_at(analysis, offset)?;
    let name = &secret.name;
    let Some(found) = resolve(db, workspace, selected, analysis, name) else {
        return Some((
            secret.range,
            format!("secret `{name}`: no sops file of the flake has the key `{name}`"),
        ));
    };
    let mut md = match found.line {
        Some(line) => format!(
            "secret `{name}`: key `{}` in `{}` line {line}",
            found.key, found.file
        ),
        None => format!(
            "secret `{name}`: no key `{}` in `{}`",
            found.key, found.file
        ),
    };
    if !found.declarations.is_empty() {
        let mut places: Vec<String> = Vec::new();
        for d in &found.declarations {
            let place = match workspace.file(db, &d.file) {
                Some(file) => {
                    let line = qg_syntax::line_index(db, file).line(d.range.start()) + 1;
                    format!("`{}:{line}`", d.file)
                }
                None => format!("`{}`", d.file),
            };
            if !places.contains(&place) {
                places.push(place);
            }
        }
        md.push_str(&format!("\n\ndeclared in {}", places.join(", ")));
    }
    if let Some((host, chosen)) = &found.host {
        if *chosen {
            md.push_str(&format!("\n\n(host `{host}`)"));
        } else {
            md.push_str(&format!(
                "\n\n(host `{host}`: the first host that reads this file; set `qg.host` to choose)"
            ));
        }
    }
    Some((secret.range, md))
}

/// Key paths of the sops files inside the string of `sops.secrets."…"` or
/// `config.sops.secrets."…"`: leaves, joined with `/`, filtered by what is typed. Returns
/// whether the cursor is in such a string (then nothing else is offered).
pub(crate) fn complete_secrets(
    db: &dyn Db,
    workspace: Workspace,
    analysis: &FileAnalysis,
    offset: TextSize,
    items: &mut Vec<CompletionItem>,
) -> bool {
    let Some(content_start) = secret_name_start(analysis, offset) else {
        return false;
    };
    let typed = analysis
        .text
        .get(usize::from(content_start)..usize::from(offset))
        .unwrap_or("");
    let replace = TextRange::new(content_start, offset);
    for (file, keys) in sops_files(db, workspace) {
        for key in keys.leaves() {
            if !key.path.starts_with(typed) || items.iter().any(|i| i.label == key.path) {
                continue;
            }
            items.push(CompletionItem {
                label: key.path.clone(),
                kind: CompletionItemKind::Secret,
                detail: Some(format!("key of {file}")),
                documentation: None,
                sort_text: format!("0{}", key.path),
                replace,
            });
        }
    }
    true
}

/// Where the secret name being typed at the cursor starts (after the opening quote).
fn secret_name_start(analysis: &FileAnalysis, offset: TextSize) -> Option<TextSize> {
    if let Some(string) = secret_string_at(analysis, offset) {
        let start = string.text_range().start() + TextSize::from(1);
        return (start <= offset).then_some(start);
    }
    // A string still open (`sops.secrets."app/` with no closing quote) does not parse as one:
    // read the line before the cursor.
    let before = analysis.text.get(..usize::from(offset))?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let quote = line.rfind('"')?;
    if line.matches('"').count() % 2 == 0 || line[quote + 1..].contains("${") {
        return None;
    }
    let head = line[..quote].trim_end();
    let head = head.strip_suffix('.')?.trim_end();
    let ends_with_secrets = head.ends_with("sops.secrets")
        && head[..head.len() - "sops.secrets".len()]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '\''));
    ends_with_secrets.then(|| offset - TextSize::from((line.len() - quote - 1) as u32))
}

/// The string at the cursor when it is the secret name of `sops.secrets."…"`.
fn secret_string_at(analysis: &FileAnalysis, offset: TextSize) -> Option<SyntaxNode> {
    if offset == TextSize::from(0) || offset > analysis.root.text_range().end() {
        return None;
    }
    let token = analysis.root.token_at_offset(offset).left_biased()?;
    let string = token.parent()?;
    if string.kind() != SyntaxKind::NODE_STRING {
        return None;
    }
    if token.kind() == SyntaxKind::TOKEN_STRING_END && token.text_range().end() <= offset {
        return None;
    }
    // A name being typed may still hold `${`: only the part before the cursor counts.
    let attrpath = string
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTRPATH)?;
    let mut before = Vec::new();
    for attr in attrpath.children() {
        if attr == string {
            break;
        }
        before.push(attr);
    }
    let owner = attrpath.parent()?;
    let mut path: Vec<String> = match owner.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE => {
            let set = owner.parent()?;
            let mut keys = enclosing_keys(&set)?;
            if keys.first().map(String::as_str) == Some("config") {
                keys.remove(0);
            }
            keys
        }
        SyntaxKind::NODE_SELECT => expr_path(analysis, &owner.first_child()?, 0)?,
        _ => return None,
    };
    for attr in before {
        if attr.kind() != SyntaxKind::NODE_IDENT {
            return None;
        }
        path.push(attr.text().to_string());
    }
    (path == ["sops", "secrets"]).then_some(string)
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use crate::completion::complete;
    use crate::fixture::Fixture;
    use crate::hover::hover;
    use crate::navigation::goto_definition;
    use crate::rename::{prepare_rename, rename};

    const FLAKE: &str = r#"//- flake.nix
{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  inputs.sops-nix.url = "github:Mic92/sops-nix";
  outputs = { nixpkgs, ... } @ inputs: {
    nixosConfigurations.a = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ inputs.sops-nix.nixosModules.sops ./modules/sops.nix ./modules/app.nix ];
    };
  };
}
//- modules/sops.nix
{ ... }: {
  sops.defaultSopsFile = ../secrets/secrets.yaml;
  sops.secrets."app/other".key = "app/token";
}
//- secrets/secrets.yaml
app:
    token: ENC[AES256_GCM,data:c2VjcmV0,iv:x,tag:y,type:str]
    user: ENC[AES256_GCM,data:dXNlcg==,iv:x,tag:y,type:str]
db:
    password: ENC[AES256_GCM,data:cGFzcw==,iv:x,tag:y,type:str]
sops:
    mac: ENC[AES256_GCM,data:bWFj,iv:x,tag:y,type:str]
    version: 3.9.4
//- other/plain.yaml
app:
    token: not a sops file
"#;

    fn fleet(files: &str) -> Fixture {
        Fixture::new(&format!("{FLAKE}{files}"))
    }

    fn check_definition(files: &str, expected: Expect) {
        let fx = fleet(files);
        let targets = goto_definition(&fx.db, fx.workspace, None, fx.position);
        let rendered: Vec<String> = targets
            .iter()
            .map(|t| {
                let file = fx.workspace.file(&fx.db, &t.file).unwrap();
                let line = qg_syntax::line_index(&fx.db, file).line(t.focus_range.start()) + 1;
                format!("{}:{line} {}", t.file, &file.text(&fx.db)[t.focus_range])
            })
            .collect();
        expected.assert_eq(&rendered.join("\n"));
    }

    #[test]
    fn definition_of_secret_names_is_the_key_in_the_sops_file() {
        let app = |body: &str| format!("//- modules/app.nix\n{{ config, ... }}: {body}\n");
        check_definition(
            &app(r#"{ sops.secrets."app/to$0ken" = { }; }"#),
            expect!["secrets/secrets.yaml:2 token"],
        );
        check_definition(
            &app(r#"{ sops.secrets = { "db/pass$0word".owner = "db"; }; }"#),
            expect!["secrets/secrets.yaml:5 password"],
        );
        check_definition(
            &app(
                r#"{ sops.secrets."app/token" = { }; x = config.sops.secrets."app/token".pa$0th; }"#,
            ),
            expect!["secrets/secrets.yaml:2 token"],
        );
        // `key` set: the name is not the key.
        check_definition(
            &app(r#"{ x = config.sops.secrets."app/ot$0her".path; }"#),
            expect!["secrets/secrets.yaml:2 token"],
        );
        // Not declared on any host: found by its key path in a sops file.
        check_definition(
            &app(r#"{ x = config.sops.secrets."app/us$0er".path; }"#),
            expect!["secrets/secrets.yaml:3 user"],
        );
        check_definition(
            &app(r#"{ x = config.sops.secrets."nope$0".path; }"#),
            expect![""],
        );
    }

    #[test]
    fn hover_on_secret_names_says_where_the_key_is_never_the_value() {
        let fx = fleet(
            "//- modules/app.nix\n{ config, ... }: {\n  sops.secrets.\"app/token\" = { };\n  x = config.sops.secrets.\"app/to$0ken\".path;\n}\n",
        );
        let found = hover(&fx.db, fx.workspace, None, fx.position).unwrap();
        expect![[r#"
            secret `app/token`: key `app/token` in `secrets/secrets.yaml` line 2

            declared in `modules/app.nix:2`

            (host `a`: the first host that reads this file; set `qg.host` to choose)"#]]
        .assert_eq(&found.markdown);
        assert!(!found.markdown.contains("ENC["));
        assert_eq!(&fx.text()[found.range], "\"app/token\"");
    }

    #[test]
    fn completes_key_paths_inside_secret_names() {
        let names = |body: &str| {
            let fx = fleet(&format!("//- modules/app.nix\n{{ config, ... }}: {body}\n"));
            let items = complete(&fx.db, fx.workspace, None, fx.position);
            items
                .iter()
                .map(|i| {
                    format!(
                        "{} ({:?}) {}",
                        i.label,
                        i.kind,
                        i.detail.as_deref().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        expect![[r#"
            app/token (Secret) key of secrets/secrets.yaml
            app/user (Secret) key of secrets/secrets.yaml"#]]
        .assert_eq(&names(r#"{ sops.secrets."app/$0" = { }; }"#));
        expect![[r#"
            app/token (Secret) key of secrets/secrets.yaml
            app/user (Secret) key of secrets/secrets.yaml
            db/password (Secret) key of secrets/secrets.yaml"#]]
        .assert_eq(&names(r#"{ x = config.sops.secrets."$0".path; }"#));
        expect!["db/password (Secret) key of secrets/secrets.yaml"]
            .assert_eq(&names(r#"{ sops.secrets = { "d$0" = { }; }; }"#));
        expect![""].assert_eq(&names(r#"{ x = config.services."ap$0" ; }"#));
        // Still open strings, as typed.
        expect!["app/token (Secret) key of secrets/secrets.yaml"]
            .assert_eq(&names("{ sops.secrets.\"app/t$0\n}"));
        expect!["db/password (Secret) key of secrets/secrets.yaml"]
            .assert_eq(&names("{ x = config.sops.secrets.\"d$0\n}"));
        expect![[r#"
            derivation (Function) builtins.derivation attrs
            derivationStrict (Function) builtins.derivationStrict attrs
            dirOf (Function) builtins.dirOf path"#]]
        .assert_eq(&names("{ x = mysops.secrets.\"d$0\n}"));
    }

    #[test]
    fn rename_of_secrets_is_refused() {
        for body in [
            r#"{ sops.secrets."app/to$0ken" = { }; }"#,
            r#"{ x = config.sops.secrets.to$0ken.path; }"#,
        ] {
            let fx = fleet(&format!("//- modules/app.nix\n{{ config, ... }}: {body}\n"));
            let refused = prepare_rename(&fx.db, fx.position).unwrap_err();
            assert_eq!(refused.0, super::RENAME_REFUSAL);
            let refused = rename(&fx.db, fx.workspace, fx.position, "x").unwrap_err();
            assert_eq!(refused.0, super::RENAME_REFUSAL);
        }
    }

    #[test]
    fn values_read_from_a_sops_file_are_never_shown() {
        let fx = fleet(
            "//- modules/app.nix\n{ config, ... }: {\n  environment.etc.x.te$0xt = builtins.readFile ../secrets/secrets.yaml;\n  y = config.environment.etc.x.text;\n}\n",
        );
        let found = hover(&fx.db, fx.workspace, None, fx.position).unwrap();
        assert!(!found.markdown.contains("ENC["), "{}", found.markdown);
        assert!(
            found.markdown.contains("`«hidden: read from a sops file»`"),
            "{}",
            found.markdown
        );
        let hints = crate::values::inlay_hints(&fx.db, fx.workspace, None, fx.position.file, None);
        assert!(hints.is_empty(), "{hints:?}");
    }

    #[test]
    fn example_fleet_secrets() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qgroget");
        let host = crate::host::FlakeHost::load(&root.canonicalize().unwrap(), Default::default())
            .unwrap();
        let path = "modules/shared/remote-access.nix";
        let file = host.file(path).unwrap();
        let text = file.text(host.db());
        let at = text.find("config.sops.secrets.\"tailscale").unwrap() + 25;
        let position = crate::FilePosition {
            file,
            offset: (at as u32).into(),
        };
        let targets = goto_definition(host.db(), host.workspace(), Some("Server"), position);
        assert_eq!(targets.len(), 1);
        assert_eq!(&*targets[0].file, "secrets/secrets.yaml");
        let yaml = host.file("secrets/secrets.yaml").unwrap();
        let line = qg_syntax::line_index(host.db(), yaml).line(targets[0].focus_range.start());
        assert_eq!(line + 1, 4);
        let found = hover(host.db(), host.workspace(), Some("Server"), position).unwrap();
        expect![[r#"
            secret `tailscale/auth_key`: key `tailscale/auth_key` in `secrets/secrets.yaml` line 4

            declared in `modules/shared/remote-access.nix:22`

            (host `Server`)"#]]
        .assert_eq(&found.markdown);
        // Through an alias: `secrets = config.sops.secrets;` … `secrets."traefik/client_ca".path`.
        let path = "modules/server/traefik/default.nix";
        let file = host.file(path).unwrap();
        let at = file
            .text(host.db())
            .find("secrets.\"traefik/client_ca\"")
            .unwrap()
            + 12;
        let position = crate::FilePosition {
            file,
            offset: (at as u32).into(),
        };
        let targets = goto_definition(host.db(), host.workspace(), Some("Server"), position);
        assert_eq!(targets.len(), 1);
        let line = qg_syntax::line_index(host.db(), yaml).line(targets[0].focus_range.start());
        assert_eq!(line + 1, 7);
    }
}
