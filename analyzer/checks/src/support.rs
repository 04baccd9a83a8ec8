//! What the cross-reference rules share: the host they run on, did-you-mean, and fixes
//! that replace a string literal.

use std::collections::HashSet;

use qg_nixos::{Entity, HostFacts, HostReport, Reference};
use qg_syntax::{Cutoff, Fix, Span, TextEdit, Workspace};

use crate::Db;

/// One host's facts, for a rule.
pub(crate) struct HostCheck<'a> {
    pub db: &'a dyn Db,
    pub workspace: Workspace,
    pub facts: &'a HostFacts,
    /// (kind, name) of every entity, for lookups.
    names: HashSet<(&'a str, &'a str)>,
    /// A module from outside the flake that may add entities no pack knows
    /// (`input home-manager`): then no kind is completely known.
    pub unmodeled_external: Option<&'a str>,
}

impl<'a> HostCheck<'a> {
    pub(crate) fn new(
        db: &'a dyn Db,
        workspace: Workspace,
        report: &'a HostReport,
    ) -> HostCheck<'a> {
        let facts = &report.facts;
        let names = facts
            .entities
            .iter()
            .map(|e| (e.kind.as_str(), e.name.as_str()))
            .collect();
        HostCheck {
            db,
            workspace,
            facts,
            names,
            unmodeled_external: facts.unmodeled_external(&report.externals),
        }
    }

    /// Whether every entity of `kind` on the host is known: no unknown value or
    /// condition, no enabled module the packs do not model, no module from outside the
    /// flake that they do not describe.
    pub(crate) fn complete(&self, kind: &str) -> bool {
        self.unmodeled_external.is_none() && self.facts.complete(kind)
    }

    /// Whether an entity of one of `kinds` is called `name` (bare unit names mean `.service`).
    pub(crate) fn has(&self, kinds: &[String], name: &str) -> bool {
        kinds.iter().any(|k| {
            self.names.contains(&(k.as_str(), name))
                || self
                    .names
                    .contains(&(k.as_str(), self.facts.normalized(k, name).as_str()))
        })
    }

    /// The flake's file at `path`.
    pub(crate) fn file(&self, path: &str) -> Option<qg_syntax::SourceFile> {
        self.workspace.file(self.db, path)
    }

    /// The text of a span of the flake, if it is one.
    pub(crate) fn text(&self, span: &Span) -> Option<String> {
        let file = self.file(&span.file)?;
        let text = file.text(self.db);
        text.get(usize::from(span.range.start())..usize::from(span.range.end()))
            .map(str::to_string)
    }

    /// A fix replacing the string literal at `span` by `new`, when the span is one plain
    /// literal (no interpolation) holding `old`.
    pub(crate) fn replace_string(&self, span: &Span, old: &str, new: &str) -> Option<Fix> {
        string_fix(&self.text(span)?, span, old, new)
    }

    /// The references of a rule whose name no entity of their kinds has: on a host where
    /// those kinds are completely known, each such name (`complete` is true); elsewhere,
    /// only a name one edit away from a known one (`complete` is false), which is very
    /// likely a typo of it whatever the modules qg cannot read add.
    pub(crate) fn missing(
        &self,
        rule: qg_syntax::RuleId,
    ) -> impl Iterator<Item = (&Reference, bool)> + '_ {
        self.facts.references.iter().filter_map(move |r| {
            if r.rule != rule
                || r.relation != qg_nixos::Relation::Exists
                || self.has(&r.kinds, &r.name)
            {
                return None;
            }
            if r.kinds.iter().all(|k| self.complete(k)) {
                return Some((r, true));
            }
            let close = self.closest(&r.kinds, &r.name)?;
            one_edit(&r.name, &close).then_some((r, false))
        })
    }

    /// The closest name of entities of `kinds`, for a did-you-mean.
    pub(crate) fn closest(&self, kinds: &[String], name: &str) -> Option<String> {
        let names = kinds
            .iter()
            .flat_map(|k| self.facts.entities_of(k).map(|e| e.name.as_str()));
        let closest = qg_syntax::suggest(name, names, Cutoff::ThirdOfLonger, 1);
        closest.first().map(|c| c.to_string())
    }
}

/// Whether `a` becomes `b` by one edit: a letter added, dropped, changed, or two
/// neighbours swapped. The names must be at least three characters long: between short
/// names one edit says little.
pub(crate) fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().min(b.len()) < 2 || a.len().max(b.len()) < 3 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len() as isize - rb.len() as isize {
        0 => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        1 => ra[1..] == *rb,
        -1 => *ra == rb[1..],
        _ => false,
    }
}

/// The did-you-mean that ends the message of a cross-reference or secrets rule.
pub(crate) fn did_you_mean(name: &str) -> String {
    format!("; did you mean `{name}`?")
}

/// "Use `new`": replaces `written`, the text at `span`, when it is one plain string literal
/// (no interpolation, no escape) holding `old`.
pub(crate) fn string_fix(written: &str, span: &Span, old: &str, new: &str) -> Option<Fix> {
    let inner = written.strip_prefix('"')?.strip_suffix('"')?;
    if inner != old || inner.contains("${") || inner.contains('\\') {
        return None;
    }
    Some(Fix {
        title: format!("Use `{new}`"),
        edits: vec![TextEdit {
            file: span.file.clone(),
            range: span.range,
            new_text: format!("\"{new}\""),
        }],
    })
}

/// One finding per reference of `rule` that names nothing, worded by `describe`, with a
/// did-you-mean and its fix where a close name exists; `severity` says how sure that is,
/// from whether there is a close name. On a host whose entities of the reference's kinds
/// qg does not all know, only a name one edit from a known one is reported, as a warning.
pub(crate) fn report_missing(
    check: &HostCheck<'_>,
    rule: qg_syntax::RuleId,
    severity: impl Fn(bool) -> qg_syntax::Severity,
    describe: impl Fn(&Reference) -> String,
) -> Vec<qg_syntax::Diagnostic> {
    let mut out: Vec<qg_syntax::Diagnostic> = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    for (r, complete) in check.missing(rule) {
        let Some(span) = &r.span else { continue };
        // A name derived from another option (a backup's units from its service's
        // `unitName`) is reported once, where it is written first.
        if let Some(i) = reported.iter().position(|n| *n == r.name) {
            let d = &mut out[i];
            d.related.push(qg_syntax::Related {
                span: span.clone(),
                message: format!("`{}` is named here too (`{}`)", r.name, r.at),
            });
            continue;
        }
        reported.push(&r.name);
        let closest = check.closest(&r.kinds, &r.name);
        let mut d = qg_syntax::Diagnostic::new(rule, span.clone(), describe(r));
        d.severity = if complete {
            severity(closest.is_some())
        } else {
            qg_syntax::Severity::Warning.min(severity(true))
        };
        if let Some(c) = &closest {
            d = d.with_suggestion(c.clone());
        }
        if let Some(fix) = closest.and_then(|c| check.replace_string(span, &r.name, &c)) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
    out
}

/// Pairs (first, later) of entities of `kind` that share a name (as `key` reads it) on the
/// host; ports only when their addresses can clash (the same one, or every address).
pub(crate) fn duplicates<'a>(
    check: &HostCheck<'a>,
    kind: &str,
    key: impl Fn(&str) -> String,
) -> Vec<(&'a Entity, &'a Entity)> {
    let facts: &'a HostFacts = check.facts;
    let mut out = Vec::new();
    let all: Vec<(String, &Entity)> = facts
        .entities
        .iter()
        .filter(|e| e.kind == kind && e.span.is_some())
        .map(|e| (key(&e.name), e))
        .collect();
    for (i, (name, later)) in all.iter().enumerate() {
        let first = all[..i].iter().map(|(n, e)| (n, *e)).find(|(n, e)| {
            *n == name
                && e.span != later.span
                && (e.address.is_none() || later.address.is_none() || e.address == later.address)
        });
        if let Some((_, first)) = first {
            out.push((first, *later));
        }
    }
    out
}

/// An edit that adds `line` (one definition, `a.b = c;`) at the top of the attribute set a
/// module file returns (`{ ... }: let ... in { <here> ... }`); `None` for other shapes.
pub(crate) fn insert_definition(
    root: &rnix::SyntaxNode,
    file: &qg_syntax::RelPath,
    text: &str,
    line: &str,
) -> Option<TextEdit> {
    use rnix::SyntaxKind;
    let mut node = root.first_child()?;
    loop {
        node = match node.kind() {
            SyntaxKind::NODE_LAMBDA | SyntaxKind::NODE_LET_IN => node.children().last()?,
            SyntaxKind::NODE_ATTR_SET => break,
            _ => return None,
        };
    }
    let open = node
        .children_with_tokens()
        .find(|t| t.kind() == SyntaxKind::TOKEN_L_BRACE)?;
    let at = open.text_range().end();
    // The indentation of the set's first entry, else two spaces more than the brace's line.
    let indent = node
        .children()
        .find(|c| c.kind() == SyntaxKind::NODE_ATTRPATH_VALUE)
        .map(|entry| {
            let start = usize::from(entry.text_range().start());
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            text[line_start..start].to_string()
        })
        .filter(|i| i.chars().all(|c| c == ' ' || c == '\t'))
        .unwrap_or_else(|| "  ".to_string());
    Some(TextEdit {
        file: file.clone(),
        range: rowan::TextRange::empty(at),
        new_text: format!("\n{indent}{line}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inserted(text: &str) -> Option<String> {
        let parse = qg_syntax::parse_text(text);
        let root = rowan::ast::AstNode::syntax(&parse.root()).clone();
        let edit = insert_definition(&root, &qg_syntax::RelPath::from("m.nix"), text, "a.b = 1;")?;
        let at = usize::from(edit.range.start());
        Some(format!("{}{}{}", &text[..at], edit.new_text, &text[at..]))
    }

    #[test]
    fn one_edit_is_one_letter_added_dropped_changed_or_swapped() {
        assert!(one_edit("traefik", "treafik"));
        assert!(one_edit("SO", "SSO"));
        assert!(one_edit("lldap-pg", "ldap-pg"));
        assert!(one_edit("nginx", "nginy"));
        assert!(one_edit("nginxx", "nginx"));
        assert!(!one_edit("nginx", "nginx"));
        assert!(!one_edit("nginx", "ngnxi2"));
        assert!(!one_edit("acme", "acne2"));
        assert!(!one_edit("ab", "ac"));
        assert!(!one_edit("a", "ab"));
    }

    #[test]
    fn definitions_go_to_the_top_of_the_module_set() {
        assert_eq!(
            inserted("{ config, ... }:\nlet x = 1;\nin {\n    y = x;\n}\n").unwrap(),
            "{ config, ... }:\nlet x = 1;\nin {\n    a.b = 1;\n    y = x;\n}\n"
        );
        assert_eq!(inserted("{ }").unwrap(), "{\n  a.b = 1; }");
        assert_eq!(inserted("{ lib, ... }: lib.mkIf true { }"), None);
    }
}
