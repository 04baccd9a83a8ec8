//! ## What it finds
//! A definition whose value is not of the option's declared type. The expected type is
//! named as NixOS names it (`one of "private", "public"`, `list of string`, `boolean`...),
//! and the finding sits on the definition.
//!
//! A definition under a `mkIf` whose condition qg cannot evaluate is still checked: its
//! value is wrong whatever the condition (see Severity for how sure that is).
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
//! - **Error** when the definition is merged on the host: the module system checks the
//!   type of every definition it merges, and the build stops.
//! - **Warning** when the definition is under a `mkIf` whose condition qg cannot decide
//!   (a value from nixpkgs or an input), or may be overridden by a definition that is: it
//!   breaks the host only when the condition holds, which qg does not know. The same
//!   mistake on another host where the definition is merged is an error there; a finding
//!   seen on several hosts is reported once, at the lower level.
//! - **Warning** for a literal of the wrong type under a condition that is false on the
//!   host (`lib.mkIf false "yes"` for a boolean): the day the condition turns true the
//!   host fails. Read from the literal and the declared type alone; nothing else under a
//!   false condition is evaluated.
//!
//! qg knows the type only of options the flake declares; a definition of a NixOS or input
//! option is never checked.
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
    conditional: bool,
) -> Diagnostic {
    let d = Diagnostic::new(
        RuleId::Qg102,
        finding.primary.clone(),
        format!(
            "A definition for option `{option}' is not of type `{expected}'. Definition value: {value}"
        ),
    );
    if conditional {
        crate::hosts::at_most_warning(d)
    } else {
        d
    }
}
