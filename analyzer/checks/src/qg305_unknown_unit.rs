//! ## What it finds
//! A unit named by a service (`qgroget.services.<n>.unitName`) or a backup job
//! (`qgroget.backups.<n>.systemdUnits`) that is no unit of the host: not declared
//! (`systemd.services`, timers, sockets...), not a Quadlet container or pod
//! (`<name>.service`, `<name>-pod.service`), and not a unit of a service the host enables
//! (the knowledge packs list those: `services.jellyfin.enable` brings `jellyfin.service`).
//! A name without a suffix is a `.service`, as for `systemctl`. A warning: modules qg
//! cannot read may add units.
//!
//! ## Why it matters
//! `systemctl stop` of a unit that does not exist fails: the backup's prepare step fails
//! and the job never runs, or `qg-logs` follows an empty journal. Nothing says so until the
//! first night the backup is needed.
//!
//! ## Example
//! ```nix
//! virtualisation.quadlet.containers.vaultwarden = { ... };
//! qgroget.services.vaultwarden.unitName = "vaultwarden-container.service";
//! ```
//!
//! ## Severity
//! A warning when qg knows every unit of the host: units come from many places (systemd
//! itself, NixOS modules), so a name that matches none of those qg knows is very likely
//! wrong but never certainly. Silent when the host enables a NixOS module no knowledge pack
//! models, imports a module of an input no pack describes, or a unit's name is unknown,
//! unless the name is one edit from a unit qg knows (`ldap-pg` beside `lldap-pg`): still a
//! warning then, since a module qg cannot read hardly adds a unit so close to a known one. An
//! empty name (`unitName = ""`, an option's way of saying "no unit") names nothing and is
//! never reported.
//!
//! ## Fix
//! Use the unit's real name (qg suggests the closest unit of the host).

use qg_syntax::{Diagnostic, Rule, RuleId, Severity};

use super::support::{report_missing, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg305,
    summary: "a unit name that is no unit of the host",
    source: include_str!("qg305_unknown_unit.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    report_missing(
        check,
        RuleId::Qg305,
        |_| Severity::Warning,
        |r| {
            format!(
            "unit `{}` (in `{}`) is no unit of the host: not declared, not a Quadlet container or pod, not brought by an enabled service",
            check.facts.normalized("unit", &r.name),
            r.at
        )
        },
    )
}
