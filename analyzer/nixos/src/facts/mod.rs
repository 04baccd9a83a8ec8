//! What a host's configuration declares and references, as plain data for the
//! cross-reference rules of `qg-checks`: units, users, ports, middlewares, persisted paths,
//! backups... The knowledge packs ([`pack`]) say where to look; [`extract`] reads a host's
//! evaluated configuration with them while the host is evaluated (`modules::host_report`),
//! so that the rules themselves (in `qg-checks`) run on this data alone and re-run
//! without re-evaluating anything.

pub(crate) mod extract;
pub(crate) mod pack;

use std::collections::BTreeSet;

use qg_syntax::{RuleId, Span};

use crate::modules::secrets::HostSecrets;

pub(crate) use pack::{Pack, Relation};

/// An entity a host declares: a unit, a user, a host port...
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entity {
    pub kind: String,
    pub name: String,
    /// Where it is written in the flake; `None` when it comes from a pack (`names`) or
    /// from outside the flake.
    pub span: Option<Span>,
    /// The concrete option path (`virtualisation.quadlet.containers.vaultwarden`).
    pub at: String,
    /// The last `<name>` of the pattern (the service of a URL).
    pub owner: Option<String>,
    /// Ports: the address bound to (`127.0.0.1`); `None` for every address.
    pub address: Option<String>,
    /// The path must be absolute (the pack says so).
    pub absolute: bool,
}

/// A reference from one option to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    pub kinds: Vec<String>,
    pub name: String,
    pub span: Option<Span>,
    pub at: String,
    pub owner: Option<String>,
    pub rule: RuleId,
    pub relation: Relation,
}

/// Everything the packs found on one host.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HostFacts {
    pub entities: Vec<Entity>,
    pub references: Vec<Reference>,
    /// Kinds of which some entity may be missing: a value or a condition was unknown. A
    /// reference to such a kind that finds nothing is not reported.
    pub incomplete: BTreeSet<String>,
    /// Suffixes a bare reference gets, per kind (`unit` → `.service`).
    pub default_suffix: Vec<(String, String)>,
    /// The host's sops-nix secrets, `None` when unknown.
    pub secrets: Option<HostSecrets>,
    /// The sops-nix secrets of each home-manager user with a `sops` of their own
    /// (sops-nix's home-manager module): checked against their sops files as the host's
    /// are, but never what the host's modules read (`config.sops.secrets` of the host).
    pub user_secrets: Vec<HostSecrets>,
    /// Flake inputs whose NixOS modules the packs describe entirely (`[pack] inputs`).
    pub known_inputs: BTreeSet<String>,
}

impl HostFacts {
    pub fn entities_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Entity> + 'a {
        self.entities.iter().filter(move |e| e.kind == kind)
    }

    /// After a module could not be read: every kind the packs know may miss entities.
    pub fn mark_all_incomplete(&mut self, packs: &[Pack]) {
        for pack in packs {
            self.incomplete
                .extend(pack.entities.iter().map(|e| e.kind.clone()));
        }
    }

    /// Whether every entity of `kind` is known.
    pub fn complete(&self, kind: &str) -> bool {
        !self.incomplete.contains(kind)
    }

    /// The first module of `externals` (as `HostReport::externals` names them: `input
    /// home-manager`, `modulesPath`...) that may add entities no pack knows: one from an
    /// input no pack describes, or from anywhere else outside the flake.
    pub fn unmodeled_external<'a>(&self, externals: &'a [String]) -> Option<&'a str> {
        externals
            .iter()
            .find(|e| {
                e.strip_prefix("input ")
                    .is_none_or(|input| !self.known_inputs.contains(input))
            })
            .map(String::as_str)
    }

    /// `jellyfin` → `jellyfin.service` for kinds with a default suffix.
    pub fn normalized(&self, kind: &str, name: &str) -> String {
        match self.default_suffix.iter().find(|(k, _)| k == kind) {
            Some((_, suffix)) if !name.contains('.') => format!("{name}{suffix}"),
            _ => name.to_string(),
        }
    }
}

/// A host port and protocol (`8080/tcp`) and the address bound, from a Podman
/// `publishPorts` entry; `None` when it publishes no fixed host port.
pub(crate) fn publish_port(text: &str) -> Option<Vec<(String, Option<String>)>> {
    let (spec, proto) = match text.rsplit_once('/') {
        Some((s, p)) => (s, p),
        None => (text, "tcp"),
    };
    // An IPv6 address is in brackets: `[::1]:8080:80`.
    let (address, rest) = match spec.strip_prefix('[') {
        Some(r) => {
            let (addr, rest) = r.split_once(']')?;
            (Some(addr.to_string()), rest.strip_prefix(':')?)
        }
        None => (None, spec),
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let (address, host) = match (address, parts.as_slice()) {
        (None, [_container]) => return Some(Vec::new()),
        (None, [host, _]) => (None, *host),
        (None, [addr, host, _]) => (Some(addr.to_string()), *host),
        (Some(a), [host, _]) => (Some(a), *host),
        _ => return None,
    };
    if host.is_empty() {
        return Some(Vec::new());
    }
    let address = address.filter(|a| !a.is_empty() && a != "0.0.0.0" && a != "::");
    let ports = port_range(host)?;
    Some(
        ports
            .into_iter()
            .map(|p| (format!("{p}/{proto}"), address.clone()))
            .collect(),
    )
}

/// `:443`, `0.0.0.0:80`, `127.0.0.1:8080/udp` → (`443/tcp`, address).
pub(crate) fn listen_address(text: &str) -> Option<(String, Option<String>)> {
    let (spec, proto) = match text.rsplit_once('/') {
        Some((s, p)) => (s, p),
        None => (text, "tcp"),
    };
    let (address, port) = spec.rsplit_once(':')?;
    let port: u16 = port.parse().ok()?;
    let address = address.trim_start_matches('[').trim_end_matches(']');
    let address = (!address.is_empty() && address != "0.0.0.0" && address != "::")
        .then(|| address.to_string());
    Some((format!("{port}/{proto}"), address))
}

/// `8000` or `8000-8010` (at most 1024 ports, to stay small).
fn port_range(text: &str) -> Option<Vec<u16>> {
    match text.split_once('-') {
        None => Some(vec![text.parse().ok()?]),
        Some((a, b)) => {
            let (a, b): (u16, u16) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b && b - a < 1024).then(|| (a..=b).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_ports_read_as_podman_does() {
        let one = |t: &str| publish_port(t).unwrap();
        assert_eq!(one("4743:80"), vec![("4743/tcp".into(), None)]);
        assert_eq!(
            one("127.0.0.1:8080:8080"),
            vec![("8080/tcp".into(), Some("127.0.0.1".into()))]
        );
        assert_eq!(one("0.0.0.0:53:53/udp"), vec![("53/udp".into(), None)]);
        assert_eq!(
            one("[::1]:8080:80"),
            vec![("8080/tcp".into(), Some("::1".into()))]
        );
        assert_eq!(one("80"), vec![]);
        assert_eq!(one("127.0.0.1::80"), vec![]);
        assert_eq!(one("8000-8001:8000-8001").len(), 2);
        assert_eq!(publish_port("a:b:c:d"), None);
        assert_eq!(publish_port("x:80"), None);
    }

    #[test]
    fn listen_addresses() {
        assert_eq!(listen_address(":443"), Some(("443/tcp".into(), None)));
        assert_eq!(
            listen_address("127.0.0.1:53/udp"),
            Some(("53/udp".into(), Some("127.0.0.1".into())))
        );
        assert_eq!(listen_address("nope"), None);
    }
}
