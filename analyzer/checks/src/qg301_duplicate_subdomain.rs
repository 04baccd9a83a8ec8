//! ## What it finds
//! Two services of one host (`qgroget.services.<n>.name`) published on the same subdomain.
//! The empty subdomain is the main domain and counts like any other.
//!
//! ## Why it matters
//! Traefik gets two routers with the same `Host(...)` rule: one of them silently wins,
//! and the other service is unreachable, with no error anywhere.
//!
//! ## Example
//! ```nix
//! qgroget.services.jellyfin.name = "media";
//! qgroget.services.jellyseerr.name = "media";
//! ```
//!
//! ## Fix
//! Give one of the services another subdomain.

use qg_syntax::{Diagnostic, Rule, RuleId};

use super::support::{duplicates, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg301,
    summary: "two services of a host on the same subdomain",
    source: include_str!("qg301_duplicate_subdomain.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (first, later) in duplicates(check, "subdomain", str::to_string) {
        let (Some(primary), Some(other)) = (later.span.clone(), first.span.clone()) else {
            continue;
        };
        let shown = if later.name.is_empty() {
            "the main domain (empty subdomain)".to_string()
        } else {
            format!("subdomain `{}`", later.name)
        };
        let service = |e: &qg_nixos::Entity| e.owner.clone().unwrap_or_default();
        let message = format!(
            "service `{}` is published on {shown}, which service `{}` uses too",
            service(later),
            service(first)
        );
        out.push(
            Diagnostic::new(RuleId::Qg301, primary, message)
                .with_related(other, format!("service `{}` uses it here", service(first))),
        );
    }
    out
}
