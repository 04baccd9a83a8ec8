//! ## What it finds
//! An entry of `assertions` whose `assertion` is false for a host, with the module's
//! message. The finding sits on the `assertion` expression.
//!
//! With the host's nixpkgs on disk (`docs/modules.md`), NixOS's own modules' assertions are
//! evaluated too, `mkRemovedOptionModule`'s among them ("The option definition
//! `services.foo' ... no longer has any effect"). Those are not written in the flake: the
//! finding sits on what the flake defines of the module's options, those the message names
//! first (`users.users.bob` for "users.users.bob.group is unset"), else on the host's
//! modules.
//!
//! ## Why it matters
//! NixOS refuses to build the host with "Failed assertions: - <message>" only once the
//! whole system is evaluated.
//!
//! ## Example
//! ```nix
//! assertions = [{
//!   assertion = config.qgroget.backups.photos.paths != [ ];
//!   message = "qgroget.backups.photos: paths must not be empty.";
//! }];
//! ```
//!
//! ## Severity
//! An error: a false assertion stops the build with its message. qg reports only
//! assertions it evaluates to `false` with known values; one that depends on a value it
//! cannot know stays silent.
//!
//! ## Fix
//! Change the configuration so that the assertion holds; the message says what it wants.

use qg_nixos::HostFinding;
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg105,
    summary: "an assertion of the configuration is false",
    source: include_str!("qg105_failed_assertion.rs"),
};

/// "Failed assertion: <its message>".
pub(crate) fn diagnostic(finding: &HostFinding, message: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::Qg105,
        finding.primary.clone(),
        format!("Failed assertion: {message}"),
    )
}
