//! ## What it finds
//! A persisted path that is wrong in itself: a service's `persistedData` entry that is not
//! absolute; a directory (or file) persisted twice on one host, through
//! `environment.persistence.<root>.directories`/`files` or `persistedData`; a path nested
//! inside another persisted directory. impermanence reads `var/lib/x` as `/var/lib/x`, so
//! only `persistedData`, documented as absolute, must be.
//!
//! ## Why it matters
//! impermanence refuses a path listed twice ("The following directories were specified
//! two or more times") and the host does not build; a nested one gets a second bind mount
//! over the first, which hides what the outer one holds at that place after the first
//! reboot; a relative `persistedData` entry breaks the fleet's own glue.
//!
//! ## Example
//! ```nix
//! environment.persistence."/persist".directories = ["/var/lib/jellyfin"];
//! qgroget.services.jellyfin.persistedData = ["/var/lib/jellyfin/config"];
//! ```
//!
//! ## Fix
//! Keep one entry: the outer directory, or only the inner one if that is all the service
//! needs.

use crate::diagnostic::{Diagnostic, Span};
use crate::facts::Entity;
use crate::rules::{Level, Rule, RuleId};

use super::support::{duplicates, HostCheck};

pub const RULE: Rule = Rule {
    id: RuleId::Qg401,
    name: "persisted-path",
    default_level: Level::Deny,
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

/// Whether `inner` lies strictly below `outer` (both normalized).
pub(crate) fn is_below(inner: &str, outer: &str) -> bool {
    outer == "/" && inner != "/"
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in check.facts.entities_of("persisted-path") {
        if let (true, false, Some(span)) = (e.absolute, e.name.starts_with('/'), &e.span) {
            let message = format!("persisted path `{}` is not absolute", e.name);
            out.push(Diagnostic::new(RuleId::Qg401, span.clone(), message));
        }
    }
    for kind in ["persisted-path", "persisted-file"] {
        for (first, later) in duplicates(check, kind, normalize) {
            let message = format!("`{}` is persisted twice", later.name);
            out.push(
                Diagnostic::new(RuleId::Qg401, span(later), message)
                    .with_related(span(first), "first persisted here"),
            );
        }
    }
    let dirs: Vec<&Entity> = check.facts.entities_of("persisted-path").collect();
    let files = check.facts.entities_of("persisted-file");
    for inner in dirs.iter().copied().chain(files) {
        let path = normalize(&inner.name);
        let outer = dirs
            .iter()
            .find(|o| o.span.is_some() && is_below(&path, &normalize(&o.name)));
        if let (Some(outer), Some(primary)) = (outer, &inner.span) {
            let message = format!(
                "`{}` is persisted inside `{}`, which is persisted already",
                inner.name, outer.name
            );
            out.push(
                Diagnostic::new(RuleId::Qg401, primary.clone(), message)
                    .with_related(span(outer), format!("`{}` is persisted here", outer.name)),
            );
        }
    }
    out
}

fn span(e: &Entity) -> Span {
    e.span
        .clone()
        .expect("only entities with a span are compared")
}
