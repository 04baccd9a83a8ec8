//! `lib` functions in the editor: completion after `lib.` (and `lib.strings.`...) and hover
//! on `lib.name`, from qg's own lib (`modules/lib/*.nix`, embedded in the binary). Each
//! function's documentation is the `#` comment written above it there, and its signature
//! the parameters of its definition.

use std::sync::OnceLock;

use rnix::{SyntaxKind, SyntaxNode};
use rowan::{ast::AstNode, NodeOrToken, TextRange, TextSize};

use qg_nixos::embedded_text;

use crate::completion::{CompletionContext, CompletionItem, CompletionItemKind};
use crate::options::attrpath_names;
use crate::FileAnalysis;

/// One documented name of qg's lib.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LibEntry {
    /// The namespace (`lists`), which is also `lib.lists`.
    pub namespace: String,
    pub name: String,
    /// The parameters as written (`cond: x:` → `cond x`).
    pub params: String,
    pub doc: String,
    /// Also reachable as `lib.<name>`.
    pub top_level: bool,
}

/// What `lib/default.nix` makes of the namespace files: which it merges into `lib` whole
/// (less its `hidden` names), and which names it picks from the others.
#[derive(Default)]
struct Exports {
    /// `(namespace, file)` of each `ns = call ./file.nix;`, in order.
    namespaces: Vec<(String, String)>,
    whole: Vec<String>,
    hidden: Vec<(String, String)>,
    picked: Vec<(String, String)>,
}

impl Exports {
    fn top_level(&self, namespace: &str, name: &str) -> bool {
        let pair = (namespace.to_string(), name.to_string());
        (self.whole.iter().any(|w| w == namespace) && !self.hidden.contains(&pair))
            || self.picked.contains(&pair)
    }
}

/// Reads `lib/default.nix`: its `let` bindings `ns = call ./ns.nix;`, `hidden = { ns = [
/// "name" ]; }` and `lib = a // removeAttrs b hidden.b // { inherit (c) x; } // ...`.
fn exports(text: &str) -> Exports {
    let parse = qg_syntax::parse_text(text);
    let root = parse.root().syntax().clone();
    let mut out = Exports::default();
    for binding in root
        .descendants()
        .filter_map(rnix::ast::AttrpathValue::cast)
        .filter(|b| {
            b.syntax()
                .parent()
                .is_some_and(|p| p.kind() == SyntaxKind::NODE_LET_IN)
        })
    {
        let (Some(path), Some(value)) = (binding.attrpath(), binding.value()) else {
            continue;
        };
        let value = value.syntax().clone();
        match path.syntax().text().to_string().as_str() {
            "hidden" => {
                for entry in value.children().filter_map(rnix::ast::AttrpathValue::cast) {
                    let ns = entry.attrpath().map(|p| p.syntax().text().to_string());
                    let names = entry
                        .value()
                        .map(|v| strings_in(v.syntax()))
                        .unwrap_or_default();
                    for name in names {
                        out.hidden.extend(ns.clone().map(|ns| (ns, name)));
                    }
                }
            }
            "lib" => merged_operands(&value, &mut out),
            name => {
                let text = value.text().to_string();
                if let Some(file) = text.strip_prefix("call ./") {
                    let file = file.trim_end_matches(".nix").to_string();
                    out.namespaces.push((name.to_string(), file));
                }
            }
        }
    }
    out
}

/// The operands of `a // b // c`: a namespace (`a`, `removeAttrs a hidden.a`) is merged
/// whole; a set's `inherit (ns) x y;` picks names.
fn merged_operands(node: &SyntaxNode, out: &mut Exports) {
    match node.kind() {
        SyntaxKind::NODE_BIN_OP | SyntaxKind::NODE_PAREN => {
            for child in node.children() {
                merged_operands(&child, out);
            }
        }
        SyntaxKind::NODE_IDENT => out.whole.push(node.text().to_string()),
        SyntaxKind::NODE_APPLY => {
            let idents: Vec<String> = node
                .descendants()
                .filter(|n| n.kind() == SyntaxKind::NODE_IDENT)
                .map(|n| n.text().to_string())
                .collect();
            if let [remove, ns, ..] = idents.as_slice() {
                if remove == "removeAttrs" {
                    out.whole.push(ns.clone());
                }
            }
        }
        SyntaxKind::NODE_ATTR_SET => {
            for inherit in node.children().filter_map(rnix::ast::Inherit::cast) {
                let Some(from) = inherit.from().and_then(|f| f.expr()) else {
                    continue;
                };
                let ns = from.syntax().text().to_string();
                for attr in inherit.attrs() {
                    out.picked
                        .push((ns.clone(), attr.syntax().text().to_string()));
                }
            }
        }
        _ => {}
    }
}

/// The string literals of a list.
fn strings_in(list: &SyntaxNode) -> Vec<String> {
    list.children()
        .filter(|c| c.kind() == SyntaxKind::NODE_STRING)
        .map(|c| c.text().to_string().trim_matches('"').to_string())
        .collect()
}

/// Every documented entry, read once per process.
pub(crate) fn lib_entries() -> &'static [LibEntry] {
    static ENTRIES: OnceLock<Vec<LibEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let exports = exports(embedded_text("lib/default.nix").unwrap_or_default());
        let mut out = Vec::new();
        for (namespace, file) in &exports.namespaces {
            let Some(text) = embedded_text(&format!("lib/{file}.nix")) else {
                continue;
            };
            for (name, params, doc) in documented(text) {
                out.push(LibEntry {
                    top_level: exports.top_level(namespace, &name),
                    namespace: namespace.clone(),
                    name,
                    params,
                    doc,
                });
            }
        }
        out
    })
}

/// The set a namespace file returns: the body of `{ lib }: let ... in { ... }`, or the let
/// binding it names (`removeAttrs types internal`).
fn result_set(root: &SyntaxNode) -> Option<SyntaxNode> {
    let mut node = root.first_child()?;
    let mut lets: Vec<SyntaxNode> = Vec::new();
    loop {
        match node.kind() {
            SyntaxKind::NODE_LAMBDA => node = node.children().nth(1)?,
            SyntaxKind::NODE_LET_IN => {
                lets.push(node.clone());
                node = node.children().last()?;
            }
            SyntaxKind::NODE_ATTR_SET => return Some(node),
            _ => {
                // `removeAttrs types internal`: the let binding of the first name.
                let name = node
                    .descendants()
                    .filter(|n| n.kind() == SyntaxKind::NODE_IDENT)
                    .map(|n| n.text().to_string())
                    .find(|n| n != "removeAttrs")?;
                return lets.iter().find_map(|l| {
                    l.children()
                        .filter(|c| c.kind() == SyntaxKind::NODE_ATTRPATH_VALUE)
                        .find(|c| c.first_child().is_some_and(|p| p.text() == name.as_str()))
                        .and_then(|c| c.children().nth(1))
                        .filter(|v| v.kind() == SyntaxKind::NODE_ATTR_SET)
                });
            }
        }
    }
}

/// (name, parameters, comment) of each documented entry of a namespace file.
fn documented(text: &str) -> Vec<(String, String, String)> {
    let parse = qg_syntax::parse_text(text);
    let root = parse.root().syntax().clone();
    let Some(set) = result_set(&root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in set
        .children()
        .filter(|c| c.kind() == SyntaxKind::NODE_ATTRPATH_VALUE)
    {
        let Some(names) = entry.first_child().and_then(|p| attrpath_names(&p, None)) else {
            continue;
        };
        let [name] = names.as_slice() else { continue };
        let doc = comment_above(&entry);
        if doc.is_empty() {
            continue;
        }
        let params = entry
            .children()
            .nth(1)
            .map(|v| params_of(&v))
            .unwrap_or_default();
        out.push((name.clone(), params, doc));
    }
    out
}

/// The `#` comment lines right above a node (not `##` section titles), joined.
fn comment_above(node: &SyntaxNode) -> String {
    let mut lines = Vec::new();
    let mut item = node.prev_sibling_or_token();
    while let Some(NodeOrToken::Token(token)) = item {
        match token.kind() {
            SyntaxKind::TOKEN_WHITESPACE if token.text().matches('\n').count() > 1 => break,
            SyntaxKind::TOKEN_WHITESPACE => {}
            SyntaxKind::TOKEN_COMMENT if !token.text().starts_with("##") => {
                lines.push(token.text().trim_start_matches('#').trim().to_string());
            }
            _ => break,
        }
        item = token.prev_sibling_or_token();
    }
    lines.reverse();
    lines.join(" ")
}

/// `cond: x: ...` → `cond x`; `{ a, b ? 1 }: ...` → `{ a, b ? 1 }`.
fn params_of(value: &SyntaxNode) -> String {
    let mut params = Vec::new();
    let mut node = value.clone();
    while let Some(lambda) = rnix::ast::Lambda::cast(node.clone()) {
        let Some(param) = lambda.param() else { break };
        let text = param.syntax().text().to_string();
        params.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        let Some(body) = lambda.body() else { break };
        node = body.syntax().clone();
    }
    params.join(" ")
}

/// The entries reachable after `base.`: `lib.`, `pkgs.lib.`, `lib.<namespace>.`.
fn entries_after(base: &[String]) -> Vec<&'static LibEntry> {
    let entries = lib_entries();
    match base {
        [.., last] if last == "lib" => entries.iter().filter(|e| e.top_level).collect(),
        [.., lib, ns] if lib == "lib" => entries.iter().filter(|e| e.namespace == *ns).collect(),
        _ => Vec::new(),
    }
}

fn signature(prefix: &str, entry: &LibEntry) -> String {
    if entry.params.is_empty() {
        format!("{prefix}{}", entry.name)
    } else {
        format!("{prefix}{} {}", entry.name, entry.params)
    }
}

/// Completion after `lib.` and `lib.<namespace>.`.
pub(crate) fn complete_lib(
    context: &CompletionContext,
    base: &[String],
    items: &mut Vec<CompletionItem>,
) {
    for entry in entries_after(base) {
        if !context.matches(&entry.name) {
            continue;
        }
        items.push(CompletionItem {
            label: entry.name.clone(),
            kind: CompletionItemKind::Function,
            detail: Some(signature("lib.", entry)),
            documentation: Some(format!(
                "{}\n\n(`lib.{}.{}`)",
                entry.doc, entry.namespace, entry.name
            )),
            sort_text: format!("0{}", entry.name),
            replace: context.replace,
        });
    }
    if base.last().is_some_and(|l| l == "lib") {
        let mut namespaces: Vec<&str> =
            lib_entries().iter().map(|e| e.namespace.as_str()).collect();
        namespaces.dedup();
        for ns in namespaces {
            if context.matches(ns) {
                items.push(CompletionItem {
                    label: ns.to_string(),
                    kind: CompletionItemKind::Namespace,
                    detail: Some(format!("lib.{ns}")),
                    documentation: None,
                    sort_text: format!("1{ns}"),
                    replace: context.replace,
                });
            }
        }
    }
}

/// Hover on the name after `lib.` (or `lib.<namespace>.`) in a selection.
pub(crate) fn lib_hover(analysis: &FileAnalysis, offset: TextSize) -> Option<(TextRange, String)> {
    let token = analysis.token_at(offset)?;
    if token.kind() != SyntaxKind::TOKEN_IDENT {
        return None;
    }
    let ident = token.parent()?;
    let attrpath = ident
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTRPATH)?;
    let select = attrpath
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_SELECT)?;
    let base = select.first_child()?;
    let mut path: Vec<String> = match base.kind() {
        SyntaxKind::NODE_IDENT => vec![base.text().to_string()],
        SyntaxKind::NODE_SELECT => {
            let inner = rnix::ast::Select::cast(base.clone())?;
            let mut p = vec![inner.expr()?.syntax().text().to_string()];
            p.extend(attrpath_names(inner.attrpath()?.syntax(), None)?);
            p
        }
        _ => return None,
    };
    let names = attrpath_names(&attrpath, Some(&ident))?;
    let (name, before) = names.split_last()?;
    path.extend(before.iter().cloned());
    let entry = entries_after(&path).into_iter().find(|e| &e.name == name)?;
    let markdown = format!(
        "```nix\n{}\n```\n{}\n\n(`lib.{}.{}`, qg's lib)",
        signature("lib.", entry),
        entry.doc,
        entry.namespace,
        entry.name
    );
    Some((token.text_range(), markdown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;

    #[test]
    fn lib_is_documented_from_its_comments() {
        let optional = lib_entries()
            .iter()
            .find(|e| e.name == "optional" && e.namespace == "lists")
            .unwrap();
        assert_eq!(optional.params, "cond x");
        assert!(
            optional.doc.starts_with("`[ x ]` when the condition holds"),
            "{}",
            optional.doc
        );
        assert!(optional.top_level);
        let mk_if = lib_entries().iter().find(|e| e.name == "mkIf").unwrap();
        assert_eq!(
            (mk_if.namespace.as_str(), mk_if.params.as_str()),
            ("modules", "condition content")
        );
        assert!(lib_entries()
            .iter()
            .any(|e| e.namespace == "types" && e.name == "str"));
        assert!(lib_entries().len() > 150, "{}", lib_entries().len());
    }

    #[test]
    fn hover_on_lib_functions() {
        let fx = Fixture::new("{ lib, ... }: { x = lib.optio$0nal true 1; }");
        let analysis = FileAnalysis::new(&fx.db, fx.position.file);
        let (_, text) = lib_hover(&analysis, fx.position.offset).unwrap();
        assert!(
            text.starts_with("```nix\nlib.optional cond x\n```\n`[ x ]` when"),
            "{text}"
        );
        let fx = Fixture::new("{ lib, ... }: { x = lib.strings.concatMapStri$0ngs f [ ]; }");
        let analysis = FileAnalysis::new(&fx.db, fx.position.file);
        assert!(lib_hover(&analysis, fx.position.offset).is_some());
    }

    #[test]
    fn completes_after_lib_and_its_namespaces() {
        let labels = |text: &str| -> Vec<String> {
            let fx = Fixture::new(text);
            crate::completion::complete_items(&fx.db, None, fx.position)
                .into_iter()
                .map(|i| i.label)
                .collect()
        };
        let top = labels("{ lib, ... }: { x = lib.optiona$0; }");
        assert_eq!(
            top,
            ["optional", "optionalAttrs", "optionalString", "optionals"]
        );
        let strings = labels("{ lib, ... }: { x = lib.strings.hasP$0; }");
        assert_eq!(strings, ["hasPrefix"]);
        let lists = labels("{ lib, ... }: { x = lib.lists.hasP$0; }");
        assert_eq!(
            lists,
            ["hasPrefix"],
            "inside its namespace a hidden name is there"
        );
        let namespaces = labels("{ lib, ... }: { x = lib.strin$0; }");
        assert!(
            namespaces.contains(&"strings".to_string()),
            "{namespaces:?}"
        );
    }
}
