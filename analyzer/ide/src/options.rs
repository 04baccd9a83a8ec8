//! Option-aware IDE features: completion of option paths, hover and go to definition of
//! option keys and `config.a.b` selections, from [`qg_nixos::option_index`].

use rnix::{SyntaxKind, SyntaxNode, SyntaxToken};
use rowan::{TextRange, TextSize};

use qg_nixos::{option_index, OptionInfo, ANY_NAME};
use qg_syntax::Workspace;

use crate::completion::{
    previous_significant, CompletionContext, CompletionItem, CompletionItemKind, CompletionKind,
};
use crate::{Db, FileAnalysis, NavigationTarget};

/// The static names of an attrpath node (`a.b."c"`), or `None` with a dynamic part.
pub(crate) fn attrpath_names(
    attrpath: &SyntaxNode,
    upto: Option<&SyntaxNode>,
) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for attr in attrpath.children() {
        let name = match attr.kind() {
            SyntaxKind::NODE_IDENT => attr.text().to_string(),
            SyntaxKind::NODE_STRING => {
                let text = attr.text().to_string();
                if text.contains("${") {
                    return None;
                }
                text.trim_matches('"').to_string()
            }
            _ => return None,
        };
        names.push(name);
        if upto == Some(&attr) {
            break;
        }
    }
    Some(names)
}

/// The full key path an entry `a.b = ...;` of an attribute set writes (the set's enclosing
/// keys, then its own), before any `config` is dropped; `None` outside option sets.
pub(crate) fn entry_path(entry: &SyntaxNode) -> Option<Vec<String>> {
    let set = entry
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTR_SET)?;
    let attrpath = entry
        .children()
        .find(|c| c.kind() == SyntaxKind::NODE_ATTRPATH)?;
    let mut full = enclosing_keys(&set)?;
    full.extend(attrpath_names(&attrpath, None)?);
    Some(full)
}

/// The keys leading to the attribute set `set` from the top of its module: `{ a.b = { $0 } }`
/// gives `["a", "b"]`. `None` when the set is a `let` binding's value or sits in an
/// expression whose keys are not option paths.
pub(crate) fn enclosing_keys(set: &SyntaxNode) -> Option<Vec<String>> {
    let mut prefix: Vec<String> = Vec::new();
    let mut node = set.clone();
    while let Some(parent) = node.parent() {
        match parent.kind() {
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                let grand = parent.parent()?;
                if grand.kind() == SyntaxKind::NODE_LET_IN {
                    return None;
                }
                let attrpath = parent
                    .children()
                    .find(|c| c.kind() == SyntaxKind::NODE_ATTRPATH)?;
                if attrpath == node {
                    return None;
                }
                let mut names = attrpath_names(&attrpath, None)?;
                names.append(&mut prefix);
                prefix = names;
            }
            SyntaxKind::NODE_ATTR_SET
            | SyntaxKind::NODE_APPLY
            | SyntaxKind::NODE_LIST
            | SyntaxKind::NODE_PAREN
            | SyntaxKind::NODE_WITH
            | SyntaxKind::NODE_BIN_OP
            | SyntaxKind::NODE_IF_ELSE
            | SyntaxKind::NODE_LET_IN
            | SyntaxKind::NODE_ERROR => {}
            SyntaxKind::NODE_LAMBDA | SyntaxKind::NODE_ROOT => break,
            _ => return None,
        }
        node = parent;
    }
    Some(prefix)
}

/// Drops a leading `config` (and for lookups, `options`).
pub(crate) fn option_path(mut path: Vec<String>, declaring_too: bool) -> Option<Vec<String>> {
    match path.first().map(String::as_str) {
        Some("config") => {
            path.remove(0);
        }
        Some("options") if declaring_too => {
            path.remove(0);
        }
        Some("options") => return None,
        _ => {}
    }
    Some(path)
}

fn segment_matches(declared: &str, written: &str) -> bool {
    is_any_name(declared) || declared == written
}

/// `<name>`, or another placeholder of a key (`<user>`), standing for any key.
fn is_any_name(segment: &str) -> bool {
    segment == ANY_NAME || (segment.starts_with('<') && segment.ends_with('>'))
}

fn path_matches(declared: &[String], written: &[String]) -> bool {
    declared.len() == written.len()
        && declared
            .iter()
            .zip(written)
            .all(|(d, w)| segment_matches(d, w))
}

/// Markdown documentation of an option: description and default.
pub(crate) fn option_doc(option: &OptionInfo) -> String {
    let mut doc = String::new();
    if let Some(d) = &option.description {
        doc.push_str(d);
    }
    // As written in the flake, else the declaration's `defaultText`, else the value.
    let default = option
        .default_text
        .clone()
        .or_else(|| option.default_literal.clone())
        .or_else(|| match &option.default {
            qg_nixos::OptionDefault::Value(v) => Some(v.clone()),
            _ => None,
        });
    if let Some(default) = default {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&format!("Default: `{default}`"));
    }
    if let Some(example) = &option.example {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        if example.contains('\n') {
            doc.push_str(&format!("Example:\n```nix\n{}\n```", example.trim_end()));
        } else {
            doc.push_str(&format!("Example: `{example}`"));
        }
    }
    doc
}

/// The option path written before the cursor of a completion, if it is one.
fn completion_path(analysis: &FileAnalysis, context: &CompletionContext) -> Option<Vec<String>> {
    match &context.kind {
        CompletionKind::Select { base } if base.first().map(String::as_str) == Some("config") => {
            Some(base[1..].to_vec())
        }
        CompletionKind::AttrKey { path } => {
            let written: usize = path.iter().map(|p| p.len() + 1).sum();
            let chain_start = usize::from(context.replace.start()).checked_sub(written)?;
            let token = previous_significant(analysis, TextSize::from(chain_start as u32))?;
            let set = match token.kind() {
                SyntaxKind::TOKEN_L_BRACE => token.parent()?,
                SyntaxKind::TOKEN_SEMICOLON => token.parent()?.parent()?,
                _ => return None,
            };
            if set.kind() != SyntaxKind::NODE_ATTR_SET {
                return None;
            }
            let mut full = enclosing_keys(&set)?;
            full.extend(path.iter().cloned());
            option_path(full, false)
        }
        _ => None,
    }
}

/// Option names that may follow the path written before the cursor.
pub(crate) fn complete_options(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    analysis: &FileAnalysis,
    context: &CompletionContext,
    items: &mut Vec<CompletionItem>,
) {
    let Some(written) = completion_path(analysis, context) else {
        return;
    };
    // A home-manager user's module: its paths are below that user's evaluation.
    let written = crate::values::in_module(db, workspace, host, analysis, written);
    let index = option_index(db, workspace, host);
    let n = written.len();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for option in index {
        // Hidden options (removed or renamed ones) are not offered: setting one fails.
        if !option.visible
            || option.path.len() <= n
            || !option.path[..n]
                .iter()
                .zip(&written)
                .all(|(d, w)| segment_matches(d, w))
        {
            continue;
        }
        let label = &option.path[n];
        if is_any_name(label) || !context.matches(label) {
            continue;
        }
        let is_option = option.path.len() == n + 1;
        let item = if is_option {
            CompletionItem {
                label: label.clone(),
                kind: CompletionItemKind::Option,
                detail: Some(option.type_description.clone()),
                documentation: Some(option_doc(option)).filter(|d| !d.is_empty()),
                sort_text: format!("0{label}"),
                replace: context.replace,
            }
        } else {
            CompletionItem {
                label: label.clone(),
                kind: CompletionItemKind::Namespace,
                detail: Some("option namespace".to_string()),
                documentation: None,
                sort_text: format!("0{label}"),
                replace: context.replace,
            }
        };
        match seen.get(label) {
            Some(&i) => {
                if is_option {
                    items[i] = item;
                }
            }
            None => {
                seen.insert(label.clone(), items.len());
                items.push(item);
            }
        }
    }
}

/// Values of an enum or bool option in value position (`type = $0`).
pub(crate) fn complete_values(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    analysis: &FileAnalysis,
    context: &CompletionContext,
    items: &mut Vec<CompletionItem>,
) {
    if context.kind != CompletionKind::Expr {
        return;
    }
    let Some(assign) = previous_significant(analysis, context.replace.start()) else {
        return;
    };
    if assign.kind() != SyntaxKind::TOKEN_ASSIGN {
        return;
    }
    let Some(owner) = assign
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTRPATH_VALUE)
    else {
        return;
    };
    let Some(path) = entry_path(&owner).and_then(|full| option_path(full, false)) else {
        return;
    };
    // A home-manager user's module: its paths are below that user's evaluation.
    let path = crate::values::in_module(db, workspace, host, analysis, path);
    let index = option_index(db, workspace, host);
    let Some(option) = index.iter().find(|o| path_matches(&o.path, &path)) else {
        return;
    };
    let values: Vec<String> = if option.type_description == "boolean" {
        vec!["true".into(), "false".into()]
    } else if let Some(list) = option.type_description.strip_prefix("one of ") {
        list.split(", ").map(str::to_string).collect()
    } else {
        return;
    };
    for value in values {
        if !context.matches(&value) && !context.matches(value.trim_matches('"')) {
            continue;
        }
        items.push(CompletionItem {
            label: value.clone(),
            kind: CompletionItemKind::Value,
            detail: Some(option.type_description.clone()),
            documentation: None,
            sort_text: format!("0{value}"),
            replace: context.replace,
        });
    }
}

/// The option path named by the identifier token under the cursor: a key of an attribute
/// set (`qgroget.services.x.port = …`) or a selection from `config`.
pub(crate) fn option_path_at(token: &SyntaxToken) -> Option<(TextRange, Vec<String>)> {
    if token.kind() != SyntaxKind::TOKEN_IDENT {
        return None;
    }
    let ident = token.parent()?;
    let attrpath = ident
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTRPATH)?;
    let names = attrpath_names(&attrpath, Some(&ident))?;
    let owner = attrpath.parent()?;
    let full = match owner.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE => {
            let set = owner.parent()?;
            if set.kind() != SyntaxKind::NODE_ATTR_SET {
                return None;
            }
            let mut full = enclosing_keys(&set)?;
            full.extend(names);
            full
        }
        SyntaxKind::NODE_SELECT => {
            let base = owner.first_child()?;
            if base.kind() != SyntaxKind::NODE_IDENT || base.text() != "config" {
                return None;
            }
            let mut full = vec!["config".to_string()];
            full.extend(names);
            full
        }
        _ => return None,
    };
    Some((token.text_range(), option_path(full, true)?))
}

/// The declared option named at the cursor.
pub(crate) fn option_at(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<(TextRange, OptionInfo)> {
    let token = analysis.token_at(offset)?;
    let (range, path) = option_path_at(&token)?;
    Some((range, find_option(db, workspace, host, &path)?))
}

/// The declared option at a written path (`qgroget.services.jellyfin.port`).
pub(crate) fn find_option(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    path: &[String],
) -> Option<OptionInfo> {
    if path.is_empty() {
        return None;
    }
    let index = option_index(db, workspace, host);
    let option = index.iter().find(|o| path_matches(&o.path, path))?;
    Some(option.clone())
}

/// Hover text of an option.
pub(crate) fn option_hover(db: &dyn Db, workspace: Workspace, option: &OptionInfo) -> String {
    let mut md = format!(
        "```\n{}\n```\n*{}*",
        option.path.join("."),
        option.type_description
    );
    let doc = option_doc(option);
    if !doc.is_empty() {
        md.push_str("\n\n");
        md.push_str(&doc);
    }
    if let Some(at) = &option.declared_at {
        match workspace.file(db, &at.file) {
            Some(file) => {
                let line = qg_syntax::line_index(db, file).line(at.range.start()) + 1;
                md.push_str(&format!("\n\ndeclared at `{}:{line}`", at.file));
            }
            None => md.push_str(&format!("\n\ndeclared in `{}`", at.file)),
        }
    } else if let Some(outside) = &option.declared_outside {
        // A module of an input (nixpkgs' `nixos/modules/...`): a link to the file on disk.
        md.push_str(&format!(
            "\n\ndeclared in [`{}:{}`]({}#L{})",
            outside.shown,
            outside.line,
            file_url(&outside.disk),
            outside.line
        ));
    }
    md
}

/// A `file://` URL of an absolute path, with what URLs may not hold percent-encoded.
fn file_url(path: &std::path::Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b'+' => {
                url.push(char::from(byte))
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// Where an option is declared: in the flake, or in a file of an input (by its absolute
/// path on disk).
pub(crate) fn option_target(option: &OptionInfo) -> Option<NavigationTarget> {
    let outside = option.declared_outside.as_ref().map(|o| NavigationTarget {
        file: o.disk.to_string_lossy().into(),
        full_range: o.range,
        focus_range: o.range,
    });
    option
        .declared_at
        .clone()
        .map(NavigationTarget::from)
        .or(outside)
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use crate::completion::complete;
    use crate::fixture::Fixture;
    use crate::hover::hover;
    use crate::navigation::goto_definition;

    const FLAKE: &str = r#"//- flake.nix
{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.a = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./options.nix ./a.nix ];
    };
    nixosConfigurations.b = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./options.nix ./extra.nix ./b.nix ];
    };
  };
}
//- options.nix
{ lib, ... }: with lib; {
  options.qgroget.nixos.domain = mkOption {
    type = types.str;
    default = "example.org";
    description = "The public domain.";
  };
  options.qgroget.services = mkOption {
    type = types.attrsOf (types.submodule {
      options.type = mkOption {
        type = types.enum [ "private" "public" ];
        default = "private";
        description = "Who may reach the service.";
      };
      options.port = mkOption { type = types.port; };
    });
    default = { };
  };
}
//- extra.nix
{ lib, ... }: {
  options.qgroget.nixos.extra = lib.mkOption { type = lib.types.bool; default = false; };
}
"#;

    fn fleet(files: &str) -> Fixture {
        Fixture::new(&format!("{FLAKE}{files}"))
    }

    fn check_completion(files: &str, host: Option<&str>, expected: Expect) {
        let fx = fleet(files);
        let items = complete(&fx.db, fx.workspace, host, fx.position);
        let out: Vec<String> = items
            .iter()
            .take(3)
            .map(|i| {
                format!(
                    "{} ({:?}) {}{}",
                    i.label,
                    i.kind,
                    i.detail.as_deref().unwrap_or(""),
                    i.documentation
                        .as_deref()
                        .map(|d| format!(" | {}", d.replace('\n', " ")))
                        .unwrap_or_default()
                )
            })
            .collect();
        expected.assert_eq(&out.join("\n"));
    }

    #[test]
    fn completes_option_keys_in_submodules() {
        check_completion(
            "//- a.nix\n{ ... }: { qgroget.services.jellyfin.ty$0 }\n//- b.nix\n{ }\n",
            None,
            expect![[
                r#"type (Option) one of "private", "public" | Who may reach the service.  Default: `"private"`"#
            ]],
        );
    }

    #[test]
    fn completes_nested_sets_and_config_selections() {
        check_completion(
            "//- a.nix\n{ ... }: { qgroget = { nixos = { $0 }; }; }\n//- b.nix\n{ }\n",
            None,
            expect![[r#"
                domain (Option) string | The public domain.  Default: `"example.org"`
                extra (Option) boolean | Default: `false`"#]],
        );
        check_completion(
            "//- a.nix\n{ config, ... }: { x = config.qgroget.$0; }\n//- b.nix\n{ }\n",
            None,
            expect![[r#"
                nixos (Namespace) option namespace
                services (Option) attribute set of (submodule) | Default: `{ }`"#]],
        );
    }

    #[test]
    fn completes_enum_and_bool_values() {
        check_completion(
            "//- a.nix\n{ ... }: { qgroget.services.jf.type = pu$0 }\n//- b.nix\n{ }\n",
            None,
            expect![[r#""public" (Value) one of "private", "public""#]],
        );
        check_completion(
            "//- a.nix\n{ ... }: { qgroget.nixos.extra = $0 }\n//- b.nix\n{ }\n",
            None,
            expect![[r#"
                false (Value) boolean
                true (Value) boolean
                abort (Function) builtins.abort message | Stops evaluation with an error that `tryEval` cannot catch."#]],
        );
    }

    #[test]
    fn lists_host_names() {
        let fx = fleet("//- a.nix\n{ }\n//- b.nix\n{ }\n");
        assert_eq!(qg_nixos::host_names(&fx.db, fx.workspace), ["a", "b"]);
    }

    #[test]
    fn host_selects_declarations() {
        check_completion(
            "//- a.nix\n{ ... }: { config.qgroget.nixos.$0 }\n//- b.nix\n{ }\n",
            Some("a"),
            expect![[r#"domain (Option) string | The public domain.  Default: `"example.org"`"#]],
        );
    }

    #[test]
    fn hover_and_definition_of_option_keys() {
        let fx = fleet(
            "//- a.nix\n{ config, ... }: { qgroget.services.jf.ty$0pe = \"public\"; }\n//- b.nix\n{ }\n",
        );
        let found = hover(&fx.db, fx.workspace, None, fx.position).unwrap();
        expect![[r#"
            ```
            qgroget.services.<name>.type
            ```
            *one of "private", "public"*

            Who may reach the service.

            Default: `"private"`

            declared at `options.nix:9`

            Value on `a` (the first host that reads this file; set `qg.host` to choose): `"public"`"#]]
        .assert_eq(&found.markdown);
        let targets = goto_definition(&fx.db, fx.workspace, None, fx.position);
        assert_eq!(targets.len(), 1);
        assert_eq!(&*targets[0].file, "options.nix");
        let fx = fleet(
            "//- a.nix\n{ config, ... }: { x = config.qgroget.nixos.dom$0ain; }\n//- b.nix\n{ }\n",
        );
        let found = hover(&fx.db, fx.workspace, None, fx.position).unwrap();
        assert!(
            found.markdown.contains("declared at `options.nix:2`"),
            "{}",
            found.markdown
        );
    }
}
