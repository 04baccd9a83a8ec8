//! ## What it finds
//! A sops-nix secret or template whose `owner` or `group` is neither declared on the host
//! (`users.users.<name>`, `users.groups.<name>`), nor one every NixOS host has (`root`,
//! `keys`...), nor created by a service the host enables that a knowledge pack models
//! (`services.traefik.enable` creates user and group `traefik`, and so on), on a host
//! whose users and groups qg knows completely (see Severity).
//!
//! ## Why it matters
//! sops-nix looks the name up when it installs the secrets: `failed to lookup user 'x'`
//! stops the activation, and every secret of the host is left out, not only this one.
//! Without an explicit `group`, the owner's group is read at evaluation and the build fails
//! far from the typo.
//!
//! ## Example
//! ```nix
//! services.traefik.enable = true;
//! sops.secrets."traefik/env".owner = "treafik";
//! ```
//!
//! ## Severity
//! - **Error** when qg knows every user and group of the host and the name is one
//!   close to a known one (`treafik` for `traefik`): sops-nix fails to look it up at
//!   activation, and without a `group` the evaluation already fails.
//! - **Warning** when qg knows every user and group of the host but no known name is
//!   close: very likely a mistake, though a user created by a default NixOS module qg does
//!   not list is possible.
//! - **Silent** when qg cannot know all the host's users: the host enables a NixOS module
//!   that no knowledge pack models (`services.greetd` creates `greeter`, the unpoller
//!   exporter `unpoller-exporter`: users follow no naming rule, and qg does not guess
//!   them), imports a module from a flake input no pack describes, or builds
//!   `users.users` from a value qg cannot know.
//! - **Warning** even then when the name is one edit from a user or group qg knows
//!   (`rot` for `root`, `traefk` for `traefik`): a module qg cannot read may create users,
//!   but hardly one a letter away from a known one, so it is very likely a typo.
//!
//! ## Fix
//! Correct the name (qg suggests the closest user or group of the host), declare the user,
//! or enable the service that creates it. A fleet whose own modules create users teaches
//! qg with a pack (`docs/queries.md`).

use qg_syntax::{Diagnostic, Rule, RuleId, Severity};

use super::support::{report_missing, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg203,
    summary: "a secret's owner or group that does not exist on the host",
    source: include_str!("qg203_unknown_secret_owner.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    report_missing(
        check,
        RuleId::Qg203,
        |close| {
            if close {
                Severity::Error
            } else {
                Severity::Warning
            }
        },
        |r| {
            let kind = r.kinds.first().map_or("user", String::as_str);
            let what = if r.at.starts_with("sops.templates") {
                "template"
            } else {
                "secret"
            };
            format!(
            "{what} `{}` is owned by {kind} `{}`, which the host neither declares (`users.{kind}s`) nor gets from a service it enables",
            r.owner.as_deref().unwrap_or("?"),
            r.name
        )
        },
    )
}
