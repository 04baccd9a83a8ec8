//! ## What it finds
//! A definition whose value is not of the option's declared type. The expected type is
//! named as NixOS names it (`one of "private", "public"`, `list of string`, `boolean`...),
//! and the finding sits on the definition.
//!
//! A definition under a `mkIf` whose condition qg cannot evaluate is still checked: its
//! value is wrong whatever the condition.
//!
//! ## Why it matters
//! NixOS stops with "A definition for option `...' is not of type `...'" when the option is
//! read, usually far into a rebuild.
//!
//! ## Example
//! ```nix
//! qgroget.services.jellyfin.type = "publc";   # one of "private", "public"
//! qgroget.server.acmeEmail = [ "admin@example.org" ];   # string
//! ```
//!
//! ## Severity
//! An error: the module system checks the type of every definition it merges, and the
//! build stops. qg knows the type only of options the flake declares; a definition of a
//! NixOS or input option is never checked. Known gap: a definition under a `mkIf` whose
//! condition qg cannot decide is checked too, although it fails only when the condition
//! holds.
//!
//! ## Fix
//! Give a value of the declared type.

use qg_nixos::HostFinding;
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg102,
    summary: "definition whose value is not of the option's type",
    source: include_str!("qg102_wrong_type.rs"),
};

/// "A definition for option `a.b' is not of type `T'. Definition value: v", as Nix words it.
pub(crate) fn diagnostic(
    finding: &HostFinding,
    option: &str,
    expected: &str,
    value: &str,
) -> Diagnostic {
    Diagnostic::new(
        RuleId::Qg102,
        finding.primary.clone(),
        format!(
            "A definition for option `{option}' is not of type `{expected}'. Definition value: {value}"
        ),
    )
}
