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
//! ## Fix
//! Give a value of the declared type.

use qg_syntax::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg102,
    summary: "definition whose value is not of the option's type",
    source: include_str!("qg102_wrong_type.rs"),
};
