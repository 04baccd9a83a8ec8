//! Document and workspace symbols: the attribute paths a module defines and its let bindings.
//!
//! A NixOS module's outline is what it sets: `options.qgroget.services.jellyfin`,
//! `services.traefik`, `systemd.services.backup`. The walk looks through what wraps those
//! sets in practice (the module function, `let ... in`, `with`, `lib.mkIf c { }`,
//! `lib.mkMerge [ { } { } ]`, parentheses) so the outline shows the sets themselves.

use rnix::ast::{self, HasEntry};
use rowan::{ast::AstNode, TextRange};

use qg_syntax::{static_attr_name, FileKind, RelPath, SourceFile, Workspace};

use crate::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// An attribute whose value is a set (shown with children).
    Namespace,
    /// An attribute with any other value.
    Attribute,
    /// A `let` binding.
    Variable,
}

/// One entry of a file's outline.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Symbol {
    /// The attribute path as written (`services.traefik`), or the let binding's name.
    pub name: String,
    pub kind: SymbolKind,
    /// The whole entry.
    pub range: TextRange,
    /// The name (attribute path) to select.
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

/// A symbol found by a workspace search, named by its full path within the module.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkspaceSymbol {
    /// `config.services.traefik`: the path from the module's top-level set.
    pub name: String,
    pub kind: SymbolKind,
    pub file: RelPath,
    pub range: TextRange,
    /// The path of the enclosing symbol (`config`), if any.
    pub container: Option<String>,
}

/// How deep the outline goes; deeper sets are rarely what one navigates to.
const MAX_DEPTH: usize = 6;
/// Workspace symbols stop at this many levels of attribute nesting.
const WORKSPACE_DEPTH: usize = 3;
/// Most workspace symbols returned for one query.
const WORKSPACE_LIMIT: usize = 256;

/// The outline of one file (empty for non-Nix files).
#[salsa::tracked(returns(ref))]
pub fn document_symbols(db: &dyn Db, file: SourceFile) -> Vec<Symbol> {
    if FileKind::of(file.path(db)) != Some(FileKind::Nix) {
        return Vec::new();
    }
    let parse = qg_syntax::parse(db, file);
    let root = parse.root();
    root.expr().map(|e| symbols_of(e, 0)).unwrap_or_default()
}

/// Symbols of every Nix file of the workspace whose full path matches `query` (characters in
/// order, case-insensitive), best matches first: a name containing the query as a word
/// beats a scattered match, and shorter names come first.
pub(crate) fn workspace_symbols(
    db: &dyn Db,
    workspace: Workspace,
    query: &str,
) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut found: Vec<(u8, WorkspaceSymbol)> = Vec::new();
    for &file in workspace.files(db) {
        let path = file.path(db);
        let mut flat = Vec::new();
        flatten(document_symbols(db, file), None, 0, path, &mut flat);
        for symbol in flat {
            if let Some(score) = match_score(&symbol.name.to_lowercase(), &query) {
                found.push((score, symbol));
            }
        }
    }
    found.sort_by(|(a, x), (b, y)| {
        (a, x.name.len(), &x.name, &x.file).cmp(&(b, y.name.len(), &y.name, &y.file))
    });
    found.truncate(WORKSPACE_LIMIT);
    found.into_iter().map(|(_, s)| s).collect()
}

fn flatten(
    symbols: &[Symbol],
    container: Option<&str>,
    depth: usize,
    file: &RelPath,
    out: &mut Vec<WorkspaceSymbol>,
) {
    if depth >= WORKSPACE_DEPTH {
        return;
    }
    for symbol in symbols {
        if symbol.kind == SymbolKind::Variable && depth > 0 {
            continue;
        }
        let name = match container {
            Some(c) => format!("{c}.{}", symbol.name),
            None => symbol.name.clone(),
        };
        out.push(WorkspaceSymbol {
            name: name.clone(),
            kind: symbol.kind,
            file: file.clone(),
            range: symbol.selection_range,
            container: container.map(str::to_string),
        });
        flatten(&symbol.children, Some(&name), depth + 1, file, out);
    }
}

/// 0 for a substring match, 1 for a subsequence match, `None` otherwise.
fn match_score(name: &str, query: &str) -> Option<u8> {
    if name.contains(query) {
        return Some(0);
    }
    let mut chars = name.chars();
    query.chars().all(|q| chars.any(|c| c == q)).then_some(1)
}

/// The symbols of an expression: a set's entries, looking through module wrappers.
fn symbols_of(expr: ast::Expr, depth: usize) -> Vec<Symbol> {
    let mut out = Vec::new();
    let mut pending = vec![expr];
    while let Some(expr) = pending.pop() {
        match expr {
            ast::Expr::Lambda(l) => pending.extend(l.body()),
            ast::Expr::Paren(p) => pending.extend(p.expr()),
            ast::Expr::With(w) => pending.extend(w.body()),
            ast::Expr::Assert(a) => pending.extend(a.body()),
            ast::Expr::LetIn(let_in) => {
                out.extend(let_in.entries().flat_map(|e| let_symbols(&e)));
                pending.extend(let_in.body());
            }
            ast::Expr::Apply(apply) => pending.extend(wrapped_value(&apply)),
            ast::Expr::List(list) => {
                let items: Vec<_> = list.items().collect();
                pending.extend(items.into_iter().rev());
            }
            ast::Expr::BinOp(op) if op.operator() == Some(ast::BinOpKind::Update) => {
                pending.extend(op.rhs());
                pending.extend(op.lhs());
            }
            ast::Expr::AttrSet(set) if depth < MAX_DEPTH => {
                out.extend(set.entries().flat_map(|e| entry_symbols(&e, depth)));
            }
            _ => {}
        }
    }
    out
}

/// `mkIf cond { ... }`, `lib.mkMerge [ ... ]`, `mkDefault { ... }`: the last argument when it
/// is a set or list (what wrappers of module contents take).
fn wrapped_value(apply: &ast::Apply) -> Option<ast::Expr> {
    let argument = apply.argument()?;
    let mut inner = argument.clone();
    loop {
        match inner {
            ast::Expr::Paren(p) => inner = p.expr()?,
            ast::Expr::Apply(a) => {
                wrapped_value(&a)?;
                return Some(argument);
            }
            ast::Expr::AttrSet(_) | ast::Expr::List(_) | ast::Expr::LetIn(_) => {
                return Some(argument)
            }
            _ => return None,
        }
    }
}

fn attrpath_name(path: &ast::Attrpath) -> String {
    path.attrs()
        .map(|a| static_attr_name(&a).unwrap_or_else(|| a.syntax().text().to_string()))
        .collect::<Vec<_>>()
        .join(".")
}

fn entry_symbols(entry: &ast::Entry, depth: usize) -> Vec<Symbol> {
    match entry {
        ast::Entry::AttrpathValue(value) => {
            let Some(path) = value.attrpath() else {
                return Vec::new();
            };
            let children = value
                .value()
                .map(|v| symbols_of(v, depth + 1))
                .unwrap_or_default();
            let is_set = matches!(value.value(), Some(ast::Expr::AttrSet(_)));
            let kind = if is_set || !children.is_empty() {
                SymbolKind::Namespace
            } else {
                SymbolKind::Attribute
            };
            vec![Symbol {
                name: attrpath_name(&path),
                kind,
                range: value.syntax().text_range(),
                selection_range: path.syntax().text_range(),
                children,
            }]
        }
        ast::Entry::Inherit(inherit) => inherit
            .attrs()
            .filter_map(|a| {
                Some(Symbol {
                    name: static_attr_name(&a)?,
                    kind: SymbolKind::Attribute,
                    range: inherit.syntax().text_range(),
                    selection_range: a.syntax().text_range(),
                    children: Vec::new(),
                })
            })
            .collect(),
    }
}

fn let_symbols(entry: &ast::Entry) -> Vec<Symbol> {
    match entry {
        ast::Entry::AttrpathValue(value) => {
            let Some(path) = value.attrpath() else {
                return Vec::new();
            };
            vec![Symbol {
                name: attrpath_name(&path),
                kind: SymbolKind::Variable,
                range: value.syntax().text_range(),
                selection_range: path.syntax().text_range(),
                children: Vec::new(),
            }]
        }
        ast::Entry::Inherit(inherit) => inherit
            .attrs()
            .filter_map(|a| {
                Some(Symbol {
                    name: static_attr_name(&a)?,
                    kind: SymbolKind::Variable,
                    range: inherit.syntax().text_range(),
                    selection_range: a.syntax().text_range(),
                    children: Vec::new(),
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::fixture::Fixture;

    fn render(symbols: &[Symbol], indent: usize, out: &mut String) {
        for s in symbols {
            out.push_str(&format!(
                "{}{} ({:?})\n",
                "  ".repeat(indent),
                s.name,
                s.kind
            ));
            render(&s.children, indent + 1, out);
        }
    }

    fn check(text: &str, expected: Expect) {
        let fx = Fixture::new(text);
        let mut out = String::new();
        render(document_symbols(&fx.db, fx.position.file), 0, &mut out);
        expected.assert_eq(&out);
    }

    const MODULE: &str = r#"{ config, lib, pkgs, ... }:
let
  cfg = config.qgroget.services.jellyfin;
  inherit (lib) mkIf;
in {
  options.qgroget.services.jellyfin = {
    enable = lib.mkEnableOption "jellyfin";
  };
  config = mkIf cfg.enable (lib.mkMerge [
    { services.jellyfin.enable = true; }
    { services.traefik = { enable = true; }; }
  ]);
}
"#;

    #[test]
    fn module_outline() {
        check(
            MODULE,
            expect![[r#"
                cfg (Variable)
                mkIf (Variable)
                options.qgroget.services.jellyfin (Namespace)
                  enable (Attribute)
                config (Namespace)
                  services.jellyfin.enable (Attribute)
                  services.traefik (Namespace)
                    enable (Attribute)
            "#]],
        );
    }

    #[test]
    fn workspace_search() {
        let fx = Fixture::new(&format!("//- modules/jellyfin.nix\n{MODULE}//- flake.nix\n{{ outputs = _: {{ nixosConfigurations.server = 1; }}; }}\n"));
        let render = |q: &str| {
            workspace_symbols(&fx.db, fx.workspace, q)
                .iter()
                .map(|s| format!("{} {}", s.file, s.name))
                .collect::<Vec<_>>()
                .join("\n")
        };
        expect![[r#"
            modules/jellyfin.nix config.services.jellyfin.enable
            modules/jellyfin.nix options.qgroget.services.jellyfin
            modules/jellyfin.nix options.qgroget.services.jellyfin.enable"#]]
        .assert_eq(&render("jellyfin"));
        expect![[r#"
            flake.nix outputs.nixosConfigurations.server"#]]
        .assert_eq(&render("nixoscfg"));
    }
}
