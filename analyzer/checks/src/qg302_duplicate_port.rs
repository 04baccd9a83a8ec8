//! ## What it finds
//! One host port with two listeners on a host: two Quadlet containers or pods publishing
//! the same host port (`publishPorts = ["8080:80"]`), a container publishing a port that a
//! Traefik entry point or an enabled NixOS service listens on (the port options the
//! knowledge packs know, where the flake sets them: Grafana, Prometheus, AdGuard Home...). Ports differ by protocol (`53/udp` is not `53/tcp`),
//! and two listeners on different addresses (`127.0.0.1:8080` and `192.168.1.2:8080`) do
//! not clash. Both places are shown.
//!
//! A service URL (`qgroget.services.<n>.url`) is a client of a port, not a listener: a URL
//! pointing at a port a container publishes is the normal case and is never reported here
//! (see QG306 for two URLs on one loopback port).
//!
//! ## Why it matters
//! The second container fails to start (`address already in use`) at every boot, and its
//! service is down; the build and the activation succeed.
//!
//! ## Example
//! ```nix
//! virtualisation.quadlet.containers.vaultwarden.containerConfig.publishPorts = ["8080:80"];
//! virtualisation.quadlet.containers.obsidian.containerConfig.publishPorts = ["8080:8080"];
//! ```
//!
//! ## Severity
//! An error: the second listener fails to bind the port and its service does not start.
//! Silent when a port or an address is a value qg cannot know, and for ports of NixOS
//! services the flake does not set (qg does not know nixpkgs' defaults).
//!
//! ## Fix
//! Publish one of them on another host port (and update the service URL pointing at it).

use qg_syntax::{Diagnostic, Rule, RuleId};

use super::support::{duplicates, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg302,
    summary: "one host port with two listeners",
    source: include_str!("qg302_duplicate_port.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (first, later) in duplicates(check, "port", str::to_string) {
        let (Some(primary), Some(other)) = (later.span.clone(), first.span.clone()) else {
            continue;
        };
        let message = format!(
            "host port {} has two listeners: `{}` and `{}`",
            later.name, later.at, first.at
        );
        out.push(
            Diagnostic::new(RuleId::Qg302, primary, message)
                .with_related(other, format!("`{}` listens on it here", first.at)),
        );
    }
    out
}
