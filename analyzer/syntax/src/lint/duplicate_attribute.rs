//! ## What it finds
//! An attribute defined twice in one attribute set or `let`, which Nix rejects with
//! `attribute 'x' already defined`: `a = 1; a = 2;`, `a = 1; a.b = 2;`, or the same name
//! from an `inherit` and a definition.
//!
//! Nix merges literal sets written in pieces, so `a = { x = 1; }; a.y = 2;` and
//! `a.x = 1; a.y = 2;` are fine and never reported; since Nix 2.26 it merges them
//! recursively, so `a = { b.c = 1; }; a = { b.d = 2; };` is fine too. Only a key defined
//! twice inside them is reported.
//!
//! ## Why it matters
//! The whole file fails to evaluate. In a large `configuration.nix` the two definitions are
//! often screens apart, added by different changes.
//!
//! ## Example
//! ```nix
//! {
//!   services.jellyfin.enable = true;
//!   services.jellyfin = { openFirewall = false; enable = true; };
//! }
//! ```
//! `services.jellyfin.enable` is defined twice.
//!
//! ## Fix
//! Keep one definition; merge the values by hand, or use `lib.mkMerge` when both must stay.

use std::collections::BTreeMap;

use rnix::{
    ast::{self, HasEntry},
    SyntaxKind, SyntaxNode,
};
use rowan::{ast::AstNode, TextRange};

use crate::diagnostic::{Diagnostic, RelPath, Span};
use crate::lint::scope::{static_attr_name, strip_parens};
use crate::rule::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg004,
    summary: "attribute defined twice, which Nix rejects",
    source: include_str!("duplicate_attribute.rs"),
};

/// What a key of a set holds so far.
enum Slot {
    /// A value Nix will not merge into (anything but a literal set), or an `inherit`.
    Value { name_range: TextRange },
    /// A set built from paths or literal sets, which later pieces may extend.
    Set { children: BTreeMap<String, Slot> },
}

struct Checker<'a> {
    file: &'a RelPath,
    found: Vec<Diagnostic>,
}

pub(crate) fn check(root: &SyntaxNode, file: &RelPath) -> Vec<Diagnostic> {
    let mut checker = Checker {
        file,
        found: Vec::new(),
    };
    for node in root.descendants() {
        if is_outermost_set(&node) {
            let mut slots = BTreeMap::new();
            checker.insert_entries(&mut slots, &node, "");
        }
    }
    checker.found
}

fn entries_of(node: &SyntaxNode) -> Option<Vec<ast::Entry>> {
    match node.kind() {
        SyntaxKind::NODE_ATTR_SET => Some(ast::AttrSet::cast(node.clone())?.entries().collect()),
        SyntaxKind::NODE_LET_IN => Some(ast::LetIn::cast(node.clone())?.entries().collect()),
        SyntaxKind::NODE_LEGACY_LET => {
            Some(ast::LegacyLet::cast(node.clone())?.entries().collect())
        }
        _ => None,
    }
}

/// A set that is not merged into an enclosing one (those are checked with their parent).
fn is_outermost_set(node: &SyntaxNode) -> bool {
    if entries_of(node).is_none() {
        return false;
    }
    let mut child = node.clone();
    while let Some(parent) = child.parent() {
        match parent.kind() {
            SyntaxKind::NODE_PAREN => child = parent,
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                let holder = parent.parent();
                return !holder.is_some_and(|h| {
                    matches!(
                        h.kind(),
                        SyntaxKind::NODE_ATTR_SET
                            | SyntaxKind::NODE_LET_IN
                            | SyntaxKind::NODE_LEGACY_LET
                    )
                });
            }
            _ => return true,
        }
    }
    true
}

fn literal_set(value: Option<ast::Expr>) -> Option<SyntaxNode> {
    match strip_parens(value?) {
        ast::Expr::AttrSet(set) => Some(set.syntax().clone()),
        _ => None,
    }
}

impl Checker<'_> {
    fn insert_entries(
        &mut self,
        slots: &mut BTreeMap<String, Slot>,
        set: &SyntaxNode,
        prefix: &str,
    ) {
        for entry in entries_of(set).unwrap_or_default() {
            match entry {
                ast::Entry::AttrpathValue(value) => self.insert_path(slots, &value, prefix),
                ast::Entry::Inherit(inherit) => {
                    for attr in inherit.attrs() {
                        let Some(name) = static_attr_name(&attr) else {
                            continue;
                        };
                        let range = attr.syntax().text_range();
                        self.insert_value(slots, name, range, None, prefix);
                    }
                }
            }
        }
    }

    fn insert_path(
        &mut self,
        slots: &mut BTreeMap<String, Slot>,
        value: &ast::AttrpathValue,
        prefix: &str,
    ) {
        let Some(attrs) = value.attrpath().map(|p| p.attrs().collect::<Vec<_>>()) else {
            return;
        };
        let Some(names) = attrs
            .iter()
            .map(static_attr_name)
            .collect::<Option<Vec<_>>>()
        else {
            return; // a `${...}` key: only evaluation knows the name
        };
        let mut slots = slots;
        let mut path = prefix.to_string();
        for (i, name) in names.iter().enumerate() {
            let range = attrs[i].syntax().text_range();
            if i + 1 == names.len() {
                let set = literal_set(value.value());
                self.insert_value(slots, name.clone(), range, set, &path);
                return;
            }
            path = join(&path, name);
            let slot = slots.entry(name.clone()).or_insert_with(|| Slot::Set {
                children: BTreeMap::new(),
            });
            match slot {
                Slot::Set { children } => slots = children,
                Slot::Value { name_range } => {
                    let first = *name_range;
                    self.report(&path, range, first);
                    return;
                }
            }
        }
    }

    /// Puts `name` (holding a literal set `set`, or any other value) into `slots`.
    fn insert_value(
        &mut self,
        slots: &mut BTreeMap<String, Slot>,
        name: String,
        range: TextRange,
        set: Option<SyntaxNode>,
        prefix: &str,
    ) {
        let path = join(prefix, &name);
        match (slots.get_mut(&name), set) {
            (None, None) => {
                slots.insert(name, Slot::Value { name_range: range });
            }
            (None, Some(set)) => {
                let mut children = BTreeMap::new();
                self.insert_entries(&mut children, &set, &path);
                slots.insert(name, Slot::Set { children });
            }
            (Some(Slot::Set { children }), Some(set)) => self.insert_entries(children, &set, &path),
            (Some(Slot::Value { name_range }), _) => {
                let first = *name_range;
                self.report(&path, range, first);
            }
            (Some(Slot::Set { children }), None) => {
                let first = first_range(children).unwrap_or(range);
                self.report(&path, range, first);
            }
        }
    }

    fn report(&mut self, path: &str, range: TextRange, first: TextRange) {
        let span = Span {
            file: self.file.clone(),
            range,
        };
        let first = Span {
            file: self.file.clone(),
            range: first,
        };
        self.found.push(
            Diagnostic::new(
                RuleId::Qg004,
                span,
                format!("attribute `{path}` is already defined"),
            )
            .with_related(first, format!("`{path}` is first defined here")),
        );
    }
}

/// Where a set built from pieces was first touched, for the related span.
fn first_range(children: &BTreeMap<String, Slot>) -> Option<TextRange> {
    children
        .values()
        .filter_map(|slot| match slot {
            Slot::Value { name_range } => Some(*name_range),
            Slot::Set { children } => first_range(children),
        })
        .min_by_key(|r| r.start())
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}
