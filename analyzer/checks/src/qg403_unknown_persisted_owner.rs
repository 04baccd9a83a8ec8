//! ## What it finds
//! A directory persisted with impermanence (`environment.persistence.<root>.directories`)
//! whose `user` or `group` does not exist on the host: neither declared (`users.users`,
//! `users.groups`), nor a system one, nor created by a service the host enables.
//!
//! ## Why it matters
//! impermanence creates the directory in the persistent storage with that owner at
//! activation; an unknown name fails there, and the service that needs the directory
//! starts on an empty or root-owned one.
//!
//! ## Example
//! ```nix
//! environment.persistence."/persist".directories = [
//!   { directory = "/var/lib/jellyfin"; user = "jellyfn"; group = "jellyfin"; }
//! ];
//! ```
//!
//! ## Severity
//! A warning when qg knows every user and group of the host: impermanence creates the
//! directory with that owner only the first time, and its failure shows in the activation
//! log rather than stopping the host. Silent when qg cannot know all the host's users and
//! groups (an enabled module no knowledge pack models, a module of an input no pack
//! describes, an unknown value), as for QG203, unless the name is one edit from a known
//! one (then still a warning: very likely a typo).
//!
//! ## Fix
//! Correct the name (qg suggests the closest one), declare the user or group, or enable the
//! service that creates it.

use qg_syntax::{Diagnostic, Rule, RuleId, Severity};

use super::support::{report_missing, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg403,
    summary: "a persisted directory owned by a user or group that does not exist",
    source: include_str!("qg403_unknown_persisted_owner.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    report_missing(
        check,
        RuleId::Qg403,
        |_| Severity::Warning,
        |r| {
            let kind = r.kinds.first().map_or("user", String::as_str);
            format!(
            "persisted directory is owned by {kind} `{}`, which the host neither declares (`users.{kind}s`) nor gets from a service it enables",
            r.name
        )
        },
    )
}
