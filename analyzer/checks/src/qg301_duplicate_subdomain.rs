//! ## What it finds
//! Two services of one host published on the same subdomain
//! (`qgroget.services.<n>.subdomain`, or `name` in fleets that still call it so: the pack
//! reads the option the fleet declares). The empty subdomain is the main domain and counts
//! like any other.
//!
//! Also, in any Traefik fleet, two routers of the host's dynamic configuration
//! (`services.traefik.dynamicConfigOptions.http.routers.<r>`, a service's
//! `traefikDynamicConfig`) with the same `rule`, the same `entryPoints` and the same
//! `priority`: requests Traefik cannot route to one rather than the other.
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
//! ## Severity
//! An error, for both findings: of two routers with the same rule, entry points and
//! priority, Traefik serves only one, and the other service never gets a request. Silent
//! when a subdomain, rule or entry point is a value qg cannot know; routers that differ by
//! entry points or by priority are told apart by Traefik and are not reported. Routers that
//! one expression of the fleet generates from its services share one place in the source
//! and are left to the subdomain check, which shows the service that chose the subdomain.
//!
//! ## Fix
//! Give one of the services another subdomain; give one router another rule, other entry
//! points, or a priority.

use qg_syntax::{Diagnostic, Rule, RuleId};

use super::support::{duplicates, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg301,
    summary: "two services of a host on the same subdomain",
    source: include_str!("qg301_duplicate_subdomain.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = shared_subdomains(check);
    out.extend(indistinct_routers(check));
    out
}

fn shared_subdomains(check: &HostCheck<'_>) -> Vec<Diagnostic> {
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

/// Routers of the host's Traefik configuration with the same rule, entry points and
/// priority (the entity's name holds the three). Routers that one expression of the fleet
/// generates share a span and are left to the fleet's own options (its subdomains).
fn indistinct_routers(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (first, later) in duplicates(check, "traefik-route", str::to_string) {
        let (Some(primary), Some(other)) = (later.span.clone(), first.span.clone()) else {
            continue;
        };
        let router = |e: &qg_nixos::Entity| e.owner.clone().unwrap_or_default();
        let message = format!(
            "router `{}` matches the same requests as router `{}` ({}): Traefik cannot tell them apart and one of them never gets a request",
            router(later),
            router(first),
            later.name
        );
        out.push(
            Diagnostic::new(RuleId::Qg301, primary, message)
                .with_related(other, format!("router `{}` is defined here", router(first))),
        );
    }
    out
}
