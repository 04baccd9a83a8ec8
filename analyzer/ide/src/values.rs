//! Evaluated values in the editor: the merged value of an option on a host (hover), where a
//! `config.a.b` selection is defined (go to definition), and `= value` after selections and
//! interpolations (inlay hints), from `qg-nixos`' lookups (`evaluate_values`,
//! `option_definitions`).
//!
//! The host is the `host` setting when the flake has it, else the first host that reads the
//! file; the text says which.

use rnix::{SyntaxKind, SyntaxNode, SyntaxToken};
use rowan::{ast::AstNode, TextRange, TextSize};

use qg_nixos::{HostName, ValueText, MAX_HINT_CHARS};
use qg_syntax::{BindingKind, SourceFile, Target, Workspace};

use crate::options::{attrpath_names, entry_path, option_path};
use crate::{Db, FileAnalysis, NavigationTarget};

/// An inlay hint: `label` shown at `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: TextSize,
    pub label: String,
    /// The option path and host the value comes from.
    pub tooltip: String,
}

/// The host used for `analysis`'s file, and whether the user chose it.
pub(crate) fn host_for(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
) -> Option<(String, bool)> {
    let host = qg_nixos::file_host(db, workspace, selected, &analysis.path)?;
    let chosen = selected == Some(host.as_str());
    Some((host, chosen))
}

/// A path written in `analysis`'s file (`programs.git.enable`), from the root of the host's
/// `config`: after the prefix of the evaluation that loads the file as a module, when that
/// is a submodule's (`home-manager.users.alice` for a user's `home.nix`), so that its
/// options are home-manager's, not NixOS's.
pub(crate) fn in_module(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    path: Vec<String>,
) -> Vec<String> {
    let Some((host, _)) = host_for(db, workspace, selected, analysis) else {
        return path;
    };
    match qg_nixos::file_module_prefix(db, workspace, &host, &analysis.path) {
        Some(mut prefix) => {
            prefix.extend(path);
            prefix
        }
        None => path,
    }
}

/// How a hover names the host: "on `Server`" or, when not chosen, with the reason.
pub(crate) fn host_phrase(host: &str, chosen: bool) -> String {
    if chosen {
        format!("on `{host}`")
    } else {
        format!("on `{host}` (the first host that reads this file; set `qg.host` to choose)")
    }
}

/// The hover section with the merged value of `path`; `None` when there is none to show
/// (unknown values only when `show_unknown`).
pub(crate) fn value_section(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    path: &[String],
    show_unknown: bool,
) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let (host, chosen) = host_for(db, workspace, selected, analysis)?;
    let file = workspace.file(db, &analysis.path)?;
    let cached = file_values(db, workspace, HostName::new(db, host.clone()), file);
    let value = match cached.get(path) {
        Some(found) => found.clone()?,
        // Not a path the file names as the cache sees it: evaluate it alone.
        None => qg_nixos::evaluate_values(db, workspace, &host, &[path.to_vec()])
            .into_iter()
            .next()??,
    };
    if value.unknown && !show_unknown {
        return None;
    }
    Some(format!(
        "Value {}: `{}`",
        host_phrase(&host, chosen),
        value.text.replace('`', "'")
    ))
}

/// The option path a name of a selection denotes, up to that name: `config.a.b` (also
/// through an alias, `cfg.b` with `cfg = config.a`). `None` unless the token is such a name.
pub(crate) fn selection_path_at(
    analysis: &FileAnalysis,
    token: &SyntaxToken,
) -> Option<Vec<String>> {
    if token.kind() != SyntaxKind::TOKEN_IDENT {
        return None;
    }
    let ident = token.parent()?;
    let attrpath = ident
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTRPATH)?;
    let select = rnix::ast::Select::cast(
        attrpath
            .parent()
            .filter(|p| p.kind() == SyntaxKind::NODE_SELECT)?,
    )?;
    let mut path = expr_path(analysis, select.expr()?.syntax(), 0)?;
    path.extend(attrpath_names(&attrpath, Some(&ident))?);
    (!path.is_empty()).then_some(path)
}

/// Go to definition on a `config.a.b` selection: every definition of the option on the
/// host, in merge order. Empty when the cursor is elsewhere or nothing in the flake
/// defines it.
pub(crate) fn config_definitions(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Vec<NavigationTarget> {
    let Some(token) = analysis.token_at(offset) else {
        return Vec::new();
    };
    let Some(path) = selection_path_at(analysis, &token) else {
        return Vec::new();
    };
    let Some((host, _)) = host_for(db, workspace, selected, analysis) else {
        return Vec::new();
    };
    qg_nixos::option_definitions(db, workspace, &host, path)
        .into_iter()
        .map(NavigationTarget::from)
        .collect()
}

/// A place that may get a hint: the option path it reads and where the hint goes.
struct HintSite {
    path: Vec<String>,
    offset: TextSize,
}

const MAX_ALIAS_DEPTH: usize = 8;

/// The option path an expression denotes: `config` (the module argument) is the root;
/// `e.a.b` extends `e`'s path; a local binding `cfg = config.a;` or `inherit (config.a) b;`
/// stands for its value. `None` for anything else (`a.b or c` included).
pub(crate) fn expr_path(
    analysis: &FileAnalysis,
    node: &SyntaxNode,
    depth: usize,
) -> Option<Vec<String>> {
    if depth > MAX_ALIAS_DEPTH {
        return None;
    }
    match node.kind() {
        SyntaxKind::NODE_PAREN => expr_path(analysis, &node.first_child()?, depth + 1),
        SyntaxKind::NODE_SELECT => {
            let select = rnix::ast::Select::cast(node.clone())?;
            if select.or_token().is_some() {
                return None;
            }
            let mut path = expr_path(analysis, select.expr()?.syntax(), depth + 1)?;
            path.extend(attrpath_names(select.attrpath()?.syntax(), None)?);
            Some(path)
        }
        SyntaxKind::NODE_IDENT => {
            let range = node.text_range();
            let Some(reference) = analysis
                .resolution
                .references
                .iter()
                .find(|r| r.range == range)
            else {
                // The resolver does not record the `e` of `inherit (e) a;`.
                return (node.text() == "config").then(Vec::new);
            };
            let Target::Binding(id) = reference.target else {
                return None;
            };
            let binding = &analysis.resolution.bindings[id];
            if matches!(binding.kind, BindingKind::Formal { .. }) {
                // The module's `config` argument.
                return (binding.name == "config").then(Vec::new);
            }
            if binding.definitions.len() != 1 || binding.name_ranges.len() != 1 {
                return None;
            }
            let mut def = binding.definitions[0].clone();
            if def.kind() == SyntaxKind::NODE_IDENT {
                // A name of `inherit (e) a b;`.
                def = def
                    .parent()
                    .filter(|p| p.kind() == SyntaxKind::NODE_INHERIT)?;
            }
            match def.kind() {
                SyntaxKind::NODE_ATTRPATH_VALUE => {
                    let def = rnix::ast::AttrpathValue::cast(def)?;
                    if def.attrpath()?.attrs().count() != 1 {
                        return None;
                    }
                    expr_path(analysis, def.value()?.syntax(), depth + 1)
                }
                SyntaxKind::NODE_INHERIT => {
                    let inherit = rnix::ast::Inherit::cast(def)?;
                    let from = inherit.from()?.expr()?;
                    let mut path = expr_path(analysis, from.syntax(), depth + 1)?;
                    path.push(binding.name.clone());
                    Some(path)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Where the hint of `node` goes: after the interpolation it fills (also through
/// `toString` and parentheses), else after the node.
fn hint_offset(node: &SyntaxNode) -> TextSize {
    let mut at = node.clone();
    while let Some(parent) = at.parent() {
        match parent.kind() {
            SyntaxKind::NODE_PAREN => at = parent,
            SyntaxKind::NODE_APPLY => {
                let is_to_string = rnix::ast::Apply::cast(parent.clone()).is_some_and(|a| {
                    a.argument().is_some_and(|arg| arg.syntax() == &at)
                        && a.lambda().is_some_and(|f| {
                            matches!(
                                f.syntax().text().to_string().as_str(),
                                "toString" | "builtins.toString" | "lib.toString"
                            )
                        })
                });
                if !is_to_string {
                    break;
                }
                at = parent;
            }
            SyntaxKind::NODE_INTERPOL => return parent.text_range().end(),
            _ => break,
        }
    }
    node.text_range().end()
}

/// Every selection of the file that reads an option of `config` (and every alias of one
/// interpolated alone, `${domain}`), with its hint position.
fn hint_sites(analysis: &FileAnalysis) -> Vec<HintSite> {
    let mut sites = Vec::new();
    for node in analysis.root.descendants() {
        let is_site = match node.kind() {
            SyntaxKind::NODE_SELECT => true,
            SyntaxKind::NODE_IDENT => {
                node.parent()
                    .is_some_and(|p| p.kind() != SyntaxKind::NODE_ATTRPATH)
                    && hint_offset(&node) != node.text_range().end()
            }
            _ => false,
        };
        if !is_site {
            continue;
        }
        let Some(path) = expr_path(analysis, &node, 0) else {
            continue;
        };
        if path.is_empty() {
            continue;
        }
        sites.push(HintSite {
            path,
            offset: hint_offset(&node),
        });
    }
    sites
}

/// The values of every option path a file names on one host: attribute keys of its module
/// sets and `config` selections, each with its prefixes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct FileValues {
    /// Sorted, unique.
    paths: Vec<Vec<String>>,
    values: Vec<Option<ValueText>>,
}

impl FileValues {
    /// `None` when the file does not name `path`; `Some(None)` when the host has no value.
    fn get(&self, path: &[String]) -> Option<&Option<ValueText>> {
        let i = self
            .paths
            .binary_search_by(|p| p.as_slice().cmp(path))
            .ok()?;
        self.values.get(i)
    }
}

/// One evaluation of `host` per file: hover and inlay hints of the file read it, and salsa
/// keeps it until a file the host reads changes.
#[salsa::tracked(returns(ref))]
fn file_values<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: HostName<'db>,
    file: SourceFile,
) -> FileValues {
    let analysis = FileAnalysis::new(db, file);
    let mut paths = named_paths(&analysis);
    paths.sort();
    paths.dedup();
    let values = qg_nixos::evaluate_values(db, workspace, host.name(db), &paths);
    FileValues { paths, values }
}

/// Every option path the file names, with its prefixes: attribute keys of module sets and
/// `config` selections (also through a `let cfg = config.a;` alias).
fn named_paths(analysis: &FileAnalysis) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut push_prefixes = |path: &[String]| {
        for i in 1..=path.len() {
            out.push(path[..i].to_vec());
        }
    };
    for site in hint_sites(analysis) {
        push_prefixes(&site.path);
    }
    for node in analysis.root.descendants() {
        if node.kind() != SyntaxKind::NODE_ATTRPATH_VALUE {
            continue;
        }
        if let Some(path) = entry_path(&node).and_then(|full| option_path(full, true)) {
            push_prefixes(&path);
        }
    }
    out
}

/// `= value` after every `config.a.b` selection (and interpolation of one) whose value on
/// the host is a known short scalar, within `range` (the whole file when `None`).
pub(crate) fn inlay_hints(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    file: SourceFile,
    range: Option<TextRange>,
) -> Vec<InlayHint> {
    let analysis = FileAnalysis::new(db, file);
    let sites = hint_sites(&analysis);
    if sites.is_empty() {
        return Vec::new();
    }
    let Some((host, chosen)) = host_for(db, workspace, selected, &analysis) else {
        return Vec::new();
    };
    // One evaluation for the whole file, whatever range is asked: the answer stays cached
    // while the editor scrolls, and hovers read it too.
    let values = file_values(db, workspace, HostName::new(db, host.clone()), file);
    let mut hints = Vec::new();
    for site in &sites {
        if range.is_some_and(|r| !r.contains_inclusive(site.offset)) {
            continue;
        }
        let Some(Some(value)) = values.get(&site.path) else {
            continue;
        };
        if !value.scalar || value.text.chars().count() > MAX_HINT_CHARS {
            continue;
        }
        hints.push(InlayHint {
            offset: site.offset,
            label: format!("= {}", value.text),
            tooltip: format!("`{}` {}", site.path.join("."), host_phrase(&host, chosen)),
        });
    }
    hints.sort_by_key(|h| h.offset);
    hints.dedup_by_key(|h| h.offset);
    hints
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use crate::fixture::Fixture;
    use crate::hover::hover;
    use crate::navigation::goto_definition;
    use crate::values::inlay_hints;

    const FLAKE: &str = r#"//- flake.nix
{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.a = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./options.nix ./a.nix ./web.nix ];
    };
    nixosConfigurations.b = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./options.nix ./b.nix ./web.nix ];
    };
  };
}
//- options.nix
{ lib, ... }: {
  options.web.port = lib.mkOption { type = lib.types.port; default = 80; };
  options.web.name = lib.mkOption { type = lib.types.str; description = "The name."; };
  options.web.hosts = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };
}
//- b.nix
{ lib, ... }: {
  web.port = 9090;
  web.name = "beta";
}
"#;

    fn fleet(files: &str) -> Fixture {
        Fixture::new(&format!("{FLAKE}{files}"))
    }

    const A: &str = "//- a.nix\n{ lib, ... }: {\n  web.port = 8080;\n  web.name = lib.mkDefault \"alpha\";\n  web.hosts = map (i: \"host-${toString i}.example.org\") (lib.range 1 20);\n}\n";

    fn hover_text(fx: &Fixture, host: Option<&str>) -> String {
        hover(&fx.db, fx.workspace, host, fx.position)
            .map(|h| format!("{}\n{}", &fx.text()[h.range], h.markdown))
            .unwrap_or_default()
    }

    #[test]
    fn hover_shows_the_value_on_the_first_reading_host_or_the_chosen_one() {
        let fx = fleet(&format!(
            "{A}//- web.nix\n{{ config, ... }}: {{ networking.hostName = config.web.na$0me; }}\n"
        ));
        expect![[r#"
            name
            ```
            web.name
            ```
            *string*

            The name.

            declared at `options.nix:3`

            Value on `a` (the first host that reads this file; set `qg.host` to choose): `"alpha"`"#]]
        .assert_eq(&hover_text(&fx, None));
        let text = hover_text(&fx, Some("b"));
        assert!(text.ends_with("Value on `b`: `\"beta\"`"), "{text}");
    }

    #[test]
    fn hover_on_keys_cuts_long_values_and_shows_undeclared_options() {
        let fx = fleet(&format!(
            "{}//- web.nix\n{{ ... }}: {{ }}\n",
            A.replace("web.hosts =", "web.ho$0sts =")
        ));
        let text = hover_text(&fx, None);
        let value = text.lines().last().unwrap();
        expect![[r#"Value on `a` (the first host that reads this file; set `qg.host` to choose): `[ "host-1.example.org" "host-2.example.org" "host-3.example.org" "host-4.example.org" "host-5.examp…`"#]]
        .assert_eq(value);
        let fx = fleet(&format!(
            "{A}//- web.nix\n{{ config, ... }}: {{ services.nginx.ena$0ble = config.web.port > 100; }}\n"
        ));
        expect![[r#"
            enable
            ```
            services.nginx.enable
            ```
            Value on `a` (the first host that reads this file; set `qg.host` to choose): `true`"#]]
        .assert_eq(&hover_text(&fx, None));
    }

    fn check_definition(files: &str, host: Option<&str>, expected: Expect) {
        let fx = fleet(files);
        let targets = goto_definition(&fx.db, fx.workspace, host, fx.position);
        let rendered: Vec<String> = targets
            .iter()
            .map(|t| {
                let file = fx.workspace.file(&fx.db, &t.file).unwrap();
                let line = qg_syntax::line_index(&fx.db, file).line(t.focus_range.start()) + 1;
                let text = file.text(&fx.db);
                format!("{}:{line} {}", t.file, &text[t.focus_range])
            })
            .collect();
        expected.assert_eq(&rendered.join("\n"));
    }

    #[test]
    fn definition_of_config_selection_lists_the_host_definitions() {
        let web = "//- web.nix\n{ config, lib, ... }: { web.port = lib.mkForce 443; networking.x = config.web.po$0rt; }\n";
        check_definition(
            &format!("{A}{web}"),
            None,
            expect![[r#"
                web.nix:1 port
                a.nix:2 port"#]],
        );
        check_definition(
            &format!("{A}{web}"),
            Some("b"),
            expect![[r#"
                web.nix:1 port
                b.nix:2 port"#]],
        );
        // On a key: the declaration, as before.
        check_definition(
            &format!("{A}//- web.nix\n{{ ... }}: {{ web.po$0rt = 1; }}\n"),
            None,
            expect!["options.nix:2 port"],
        );
        // Nothing in the flake defines it: the declaration.
        check_definition(
            &format!("{A}//- web.nix\n{{ config, ... }}: {{ x = config.web.hosts; }}\n//- c.nix\n{{ config, ... }}: {{ x = config.web.name; y = config.web.po$0rt; }}\n"),
            Some("b"),
            expect!["b.nix:2 port"],
        );
    }

    #[test]
    fn aliases_of_config_hover_and_navigate() {
        let web = "//- web.nix\n{ config, ... }: let cfg = config.web; in { x = cfg.po$0rt; }\n";
        let fx = fleet(&format!("{A}{web}"));
        let text = hover_text(&fx, Some("b"));
        assert!(text.starts_with("port\n```\nweb.port\n```"), "{text}");
        assert!(text.ends_with("Value on `b`: `9090`"), "{text}");
        let fx = fleet(&format!(
            "{A}//- web.nix\n{{ config, ... }}: let inherit (config.web) name; in {{ x = \"${{na$0me}}\"; }}\n"
        ));
        expect![[r#"
            name
            ```nix
            name
            ```
            let binding `name`, bound at line 1; used once

            Value of `config.web.name` on `b`: `"beta"`"#]]
        .assert_eq(&hover_text(&fx, Some("b")));
        check_definition(&format!("{A}{web}"), None, expect!["a.nix:2 port"]);
        // Nothing in the flake defines it: the declaration.
        check_definition(
            &format!("{A}//- web.nix\n{{ config, ... }}: let cfg = config.web; in {{ x = cfg.ho$0sts; }}\n"),
            Some("b"),
            expect!["options.nix:4 hosts"],
        );
    }

    fn check_hints(files: &str, host: Option<&str>, expected: Expect) {
        let fx = fleet(files);
        let hints = inlay_hints(&fx.db, fx.workspace, host, fx.position.file, None);
        let text = fx.text();
        let mut out = text.to_string();
        for h in hints.iter().rev() {
            out.insert_str(h.offset.into(), &format!("«{}»", h.label));
        }
        expected.assert_eq(&out);
    }

    #[test]
    fn inlay_hints_after_selections_and_interpolations() {
        check_hints(
            &format!("{A}//- web.nix\n$0{{ config, lib, ... }}:\nlet cfg = config.web; inherit (config.web) port; in {{\n  url = \"http://${{cfg.name}}:${{toString config.web.port}}/\";\n  all = config.web.hosts;\n  other = config.web.name or \"x\";\n  p = \"${{toString port}}\";\n  q = lib.mkIf (cfg.port > 1) port;\n}}\n"),
            None,
            expect![[r#"
                { config, lib, ... }:
                let cfg = config.web; inherit (config.web) port; in {
                  url = "http://${cfg.name}«= "alpha"»:${toString config.web.port}«= 8080»/";
                  all = config.web.hosts;
                  other = config.web.name or "x";
                  p = "${toString port}«= 8080»";
                  q = lib.mkIf (cfg.port«= 8080» > 1) port;
                }
            "#]],
        );
        check_hints(
            &format!("{A}//- web.nix\n$0{{ config, ... }}: {{ x = config.web.port; }}\n"),
            Some("b"),
            expect![[r#"
                { config, ... }: { x = config.web.port«= 9090»; }
            "#]],
        );
    }
}

#[cfg(test)]
mod example_fleet {
    use expect_test::expect;

    use crate::host::FlakeHost;
    use crate::hover::hover;
    use crate::navigation::goto_definition;
    use crate::values::inlay_hints;
    use crate::FilePosition;

    fn example() -> FlakeHost {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qgroget");
        FlakeHost::load(&root.canonicalize().unwrap(), Default::default()).unwrap()
    }

    fn at(host: &FlakeHost, path: &str, needle: &str, offset: usize) -> FilePosition {
        let file = host.file(path).unwrap();
        let at = file.text(host.db()).find(needle).unwrap() + offset;
        FilePosition {
            file,
            offset: (at as u32).into(),
        }
    }

    /// The hints of a file, one line each: `line: text before the hint «label»`.
    fn hints(host: &FlakeHost, path: &str) -> String {
        let file = host.file(path).unwrap();
        let text = file.text(host.db());
        let index = qg_syntax::line_index(host.db(), file);
        inlay_hints(host.db(), host.workspace(), Some("Server"), file, None)
            .iter()
            .map(|h| {
                let line = index.line(h.offset);
                let start = text[..usize::from(h.offset)]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                let before = text[start..usize::from(h.offset)].trim_start();
                format!("{}: {before} «{}»", line + 1, h.label)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Hover and inlay hints of a file share one evaluation of the host; an edit of another
    /// file the host reads makes a new one.
    #[test]
    fn one_evaluation_per_file_until_an_edit() {
        use std::sync::{Arc, Mutex};
        let runs: Arc<Mutex<usize>> = Arc::default();
        let sink = runs.clone();
        let db = crate::RootDatabase::with_event_sink(Box::new(move |event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind {
                if format!("{database_key:?}").starts_with("file_values(") {
                    *sink.lock().unwrap() += 1;
                }
            }
        }));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qgroget");
        let mut host = FlakeHost::load(&root.canonicalize().unwrap(), db).unwrap();
        let path = "modules/server/misc/portfolio.nix";
        let hint = |host: &FlakeHost| {
            let file = host.file(path).unwrap();
            let hints = inlay_hints(host.db(), host.workspace(), Some("Server"), file, None);
            hints.iter().map(|h| h.label.clone()).collect::<Vec<_>>()
        };
        assert_eq!(hint(&host), ["= \"qgroget.com\""]);
        let position = at(&host, path, "type = \"public\"", 1);
        assert!(hover(host.db(), host.workspace(), Some("Server"), position).is_some());
        assert_eq!(hint(&host), ["= \"qgroget.com\""]);
        assert_eq!(*runs.lock().unwrap(), 1);
        let settings = "hosts/Server/settings.nix";
        let text = host
            .text(settings)
            .unwrap()
            .replace("qgroget.com", "example.org");
        host.set_text(settings, text.into());
        assert_eq!(hint(&host), ["= \"example.org\""]);
        assert_eq!(*runs.lock().unwrap(), 2);
    }

    #[test]
    fn hover_definitions_and_hints_on_server() {
        let host = example();
        let position = at(
            &host,
            "modules/server/misc/portfolio.nix",
            "type = \"public\"",
            1,
        );
        let found = hover(host.db(), host.workspace(), Some("Server"), position).unwrap();
        assert!(
            found.markdown.ends_with("Value on `Server`: `\"public\"`"),
            "{}",
            found.markdown
        );
        let position = at(
            &host,
            "modules/shared/users.nix",
            "config.networking.networkmanager.enable",
            27,
        );
        let targets: Vec<String> =
            goto_definition(host.db(), host.workspace(), Some("Server"), position)
                .iter()
                .map(|t| {
                    let file = host.file(&t.file).unwrap();
                    let line = qg_syntax::line_index(host.db(), file).line(t.focus_range.start());
                    format!("{}:{}", t.file, line + 1)
                })
                .collect();
        assert_eq!(
            targets,
            [
                "modules/system/networking.nix:8",
                "hosts/Server/configuration.nix:15"
            ]
        );
        expect![[r#"
            14: rule = "Host(`${svc.name}.${domain} «= "qgroget.com"»
            37: rule = "Host(`traefik.${domain} «= "qgroget.com"»
            52: address = "${services.authelia.url} «= "http://127.0.0.1:9091"»
            121: sans = ["*.${domain} «= "qgroget.com"»
            129: email = config.qgroget.server.acmeEmail «= "admin@qgroget.com"»"#]]
        .assert_eq(&hints(&host, "modules/server/traefik/default.nix"));
        expect!["20: ++ lib.optional config.networking.networkmanager.enable «= false»"]
            .assert_eq(&hints(&host, "modules/shared/users.nix"));
    }
}
