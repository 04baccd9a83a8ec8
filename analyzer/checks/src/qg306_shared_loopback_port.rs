//! ## What it finds
//! Two services of one host whose URLs (`qgroget.services.<n>.url`) point at the same
//! loopback address and port (`127.0.0.1`, `localhost`, `::1`): usually a service module copied from
//! another with the port left unchanged. A warning: one backend may serve two names.
//!
//! ## Why it matters
//! Traefik sends both subdomains to the same backend: one of the services shows the
//! other's pages, or nothing works for it, and nothing fails at build or deploy time.
//!
//! ## Example
//! ```nix
//! qgroget.services.radarr.url = "http://127.0.0.1:7878";
//! qgroget.services.sonarr.url = "http://127.0.0.1:7878";
//! ```
//!
//! ## Severity
//! A warning: one backend may rightly serve two names; a copied module with its port left
//! unchanged is only very likely.
//!
//! ## Fix
//! Point the URL at the port the service really listens on.

use qg_nixos::Entity;
use qg_syntax::{Diagnostic, Rule, RuleId};

use super::qg303_invalid_url::parse_upstream;
use super::support::HostCheck;

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg306,
    summary: "two services whose URLs point at the same loopback port",
    source: include_str!("qg306_shared_loopback_port.rs"),
};

/// The loopback address a host names (`localhost` is `127.0.0.1`), if it is one.
fn loopback(host: &str) -> Option<&str> {
    match host {
        "localhost" => Some("127.0.0.1"),
        "[::1]" => Some(host),
        h if h.starts_with("127.") => Some(h),
        _ => None,
    }
}

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut seen: Vec<(String, u16, &Entity)> = Vec::new();
    let mut out = Vec::new();
    for url in check.facts.entities_of("service-url") {
        let Ok(up) = parse_upstream(&url.name) else {
            continue;
        };
        let (Some(address), Some(primary)) = (loopback(&up.host), &url.span) else {
            continue;
        };
        let first = seen
            .iter()
            .find(|(a, port, e)| a == address && *port == up.port && e.owner != url.owner);
        let Some((_, _, first)) = first else {
            seen.push((address.to_string(), up.port, url));
            continue;
        };
        let Some(other) = first.span.clone() else {
            continue;
        };
        let owner = |e: &Entity| e.owner.clone().unwrap_or_default();
        let message = format!(
            "service `{}` points at loopback port {}, as service `{}` does",
            owner(url),
            up.port,
            owner(first)
        );
        out.push(
            Diagnostic::new(RuleId::Qg306, primary.clone(), message)
                .with_related(other, format!("`{}` points at it here", owner(first))),
        );
    }
    out
}
