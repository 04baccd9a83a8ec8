//! ## What it finds
//! A directory (or file) persisted twice on one host, through
//! `environment.persistence.<root>.directories`/`files` or a service's `persistedData`
//! (`"var/log"` and `"/var/log/"` are one path to impermanence); a path persisted inside a
//! directory already persisted under the same root; a `persistedData` entry written
//! relative.
//!
//! ## Why it matters
//! impermanence refuses a path listed twice ("The following directories were specified
//! two or more times") and the host does not build. A nested entry only adds a second
//! bind mount of the same storage: redundant, to be removed when tidying up.
//!
//! ## Example
//! ```nix
//! environment.persistence."/persist".directories = ["/var/log" "var/log"];
//! environment.persistence."/persist".files = ["/etc/ssh/ssh_host_ed25519_key"]; # in /etc/ssh
//! ```
//!
//! ## Severity
//! - **Error** for a path persisted twice (`"var/log"` and `"/var/log/"` are the same
//!   path): impermanence's assertion rejects it, across all roots, and the host does not
//!   build.
//! - **Hint** for a path persisted inside a directory persisted under the same root
//!   (`/etc/ssh` and `/etc/ssh/ssh_host_ed25519_key`): impermanence bind-mounts both from
//!   the same storage, which works; the inner entry is only redundant. The fix removes it
//!   when it is a plain string of a list. (This was an error before; the fixture
//!   `qg401-persisted-path` was re-levelled for that reason.) Under different roots the
//!   inner path has storage of its own and nothing is reported.
//! - **Hint** for a `persistedData` entry written relative: impermanence reads `var/lib/x`
//!   as `/var/lib/x`, so nothing breaks; the fix makes it absolute as the option says.
//!
//! ## Fix
//! Keep one entry: the outer directory, or only the inner one if that is all the service
//! needs.

use std::collections::HashMap;

use qg_nixos::Entity;
use qg_syntax::{Diagnostic, Rule, RuleId, Severity, Span};

use super::support::{duplicates, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg401,
    summary: "a persisted path that is relative, persisted twice, or nested in another",
    source: include_str!("qg401_persisted_path.rs"),
};

/// `var/lib/x/` → `/var/lib/x`, as impermanence reads it.
pub(crate) fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    format!("/{}", parts.join("/"))
}

/// Entities by normalized path, to find the one at or above a path in a few lookups.
pub(crate) struct PathIndex<'a> {
    by_path: HashMap<String, &'a Entity>,
}

impl<'a> PathIndex<'a> {
    /// The first entity of each path wins.
    pub(crate) fn new(entities: impl Iterator<Item = &'a Entity>) -> PathIndex<'a> {
        let mut by_path = HashMap::new();
        for e in entities {
            by_path.entry(normalize(&e.name)).or_insert(e);
        }
        PathIndex { by_path }
    }

    /// The entity at `path` itself (when `at_self`) or at the closest directory above it;
    /// the root `/` counts only when `root`.
    pub(crate) fn above(&self, path: &str, at_self: bool, root: bool) -> Option<&'a Entity> {
        if at_self {
            if let Some(e) = self.by_path.get(path).filter(|_| path != "/" || root) {
                return Some(e);
            }
        }
        let mut rest = path;
        while let Some(i) = rest.rfind('/') {
            rest = &rest[..i];
            let parent = if rest.is_empty() { "/" } else { rest };
            if parent == "/" && !root {
                break;
            }
            if let Some(e) = self.by_path.get(parent) {
                return Some(e);
            }
            if rest.is_empty() {
                break;
            }
        }
        None
    }
}

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = relative_entries(check);
    for kind in ["persisted-path", "persisted-file"] {
        for (first, later) in duplicates(check, kind, normalize) {
            let message = format!("`{}` is persisted twice", later.name);
            out.push(
                Diagnostic::new(RuleId::Qg401, span(later), message)
                    .with_related(span(first), "first persisted here"),
            );
        }
    }
    out.extend(nested_entries(check));
    out
}

/// Hints for `persistedData` entries written relative: impermanence reads them from `/`,
/// but the fleet documents them absolute (and its other glue may not agree).
fn relative_entries(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in check.facts.entities_of("persisted-path") {
        let (true, false, Some(span)) = (e.absolute, e.name.starts_with('/'), &e.span) else {
            continue;
        };
        let message = format!(
            "persisted path `{}` is not absolute; impermanence reads it as `{}`",
            e.name,
            normalize(&e.name)
        );
        let mut d = Diagnostic::new(RuleId::Qg401, span.clone(), message);
        d.severity = Severity::Hint;
        if let Some(fix) = check.replace_string(span, &e.name, &normalize(&e.name)) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
    out
}

/// Hints for paths persisted inside a directory persisted under the same root: both get a
/// bind mount of the same storage, so the inner entry is redundant.
fn nested_entries(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let dirs: Vec<&Entity> = check
        .facts
        .entities_of("persisted-path")
        .filter(|e| e.span.is_some())
        .collect();
    let paths = check.facts.entities_of("persisted-path");
    for inner in paths.chain(check.facts.entities_of("persisted-file")) {
        let Some(primary) = &inner.span else { continue };
        let same_root = dirs
            .iter()
            .copied()
            .filter(|d| same_root(d, inner) && d.span != inner.span);
        let outer = PathIndex::new(same_root).above(&normalize(&inner.name), false, true);
        let Some(outer) = outer else { continue };
        let message = format!(
            "`{}` is persisted inside `{}`, which is persisted already: this entry is redundant",
            inner.name, outer.name
        );
        let mut d = Diagnostic::new(RuleId::Qg401, primary.clone(), message)
            .with_related(span(outer), format!("`{}` is persisted here", outer.name));
        d.severity = Severity::Hint;
        if let Some(fix) = remove_list_element(check, primary) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
    out
}

/// The persistence root an entity is listed under (`/persist` of
/// `environment.persistence."/persist".directories`); `None` when the option does not say
/// (a fleet's own `persistedData`).
fn root_of(e: &Entity) -> Option<String> {
    let rest = e.at.strip_prefix("environment.persistence.")?;
    match rest.strip_prefix('"') {
        Some(quoted) => Some(quoted.split('"').next()?.to_string()),
        None => Some(rest.split('.').next()?.to_string()),
    }
}

/// Whether two entries land in the same storage: the same root, or a root qg cannot tell.
fn same_root(a: &Entity, b: &Entity) -> bool {
    match (root_of(a), root_of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// "Remove this entry": deletes the plain string at `span` (and the blank before it) when
/// it is an element of a list literal, which leaves the list well-formed.
fn remove_list_element(check: &HostCheck<'_>, span: &Span) -> Option<qg_syntax::Fix> {
    use rnix::SyntaxKind;
    let file = check.file(&span.file)?;
    let tree = qg_syntax::parse(check.db, file).root();
    let node = rowan::ast::AstNode::syntax(&tree)
        .descendants()
        .find(|n| n.text_range() == span.range && n.kind() == SyntaxKind::NODE_STRING)?;
    if node.parent()?.kind() != SyntaxKind::NODE_LIST {
        return None;
    }
    let start = match node.prev_sibling_or_token() {
        Some(t) if t.kind() == SyntaxKind::TOKEN_WHITESPACE => t.text_range().start(),
        _ => span.range.start(),
    };
    Some(qg_syntax::Fix {
        title: "Remove the redundant entry".to_string(),
        edits: vec![qg_syntax::TextEdit {
            file: span.file.clone(),
            range: qg_syntax::TextRange::new(start, span.range.end()),
            new_text: String::new(),
        }],
    })
}

fn span(e: &Entity) -> Span {
    e.span
        .clone()
        .expect("only entities with a span are compared")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str) -> Entity {
        Entity {
            kind: "persisted-path".into(),
            name: name.into(),
            span: None,
            at: String::new(),
            owner: None,
            address: None,
            absolute: false,
        }
    }

    #[test]
    fn paths_at_or_above() {
        let all = [entity("/var/lib"), entity("var/log/"), entity("/")];
        let index = PathIndex::new(all.iter());
        let found =
            |path: &str, at_self, root| index.above(path, at_self, root).map(|e| e.name.clone());
        assert_eq!(
            found("/var/lib/x/y", false, false).as_deref(),
            Some("/var/lib")
        );
        assert_eq!(found("/var/lib", false, false), None);
        assert_eq!(found("/var/lib", true, false).as_deref(), Some("/var/lib"));
        assert_eq!(
            found("/var/log/journal", true, false).as_deref(),
            Some("var/log/")
        );
        assert_eq!(found("/etc/x", true, false), None);
        assert_eq!(found("/etc/x", true, true).as_deref(), Some("/"));
        assert_eq!(found("/var/libx", false, false), None);
    }
}
