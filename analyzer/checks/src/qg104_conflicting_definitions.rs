//! ## What it finds
//! Two definitions of one option that cannot be merged, at the same priority: two
//! different strings for a `str` option, two values for a `uniq` option, `null` and a value
//! for a `nullOr` option. The finding shows both definitions.
//!
//! Definitions under a `mkIf` whose condition qg cannot evaluate take no part: they may
//! never be active together.
//!
//! ## Why it matters
//! NixOS stops with "The option `...' has conflicting definition values" when the option
//! is read. Lists, attribute sets and `lines` merge; single values do not.
//!
//! ## Example
//! ```nix
//! # hosts/Server/settings.nix
//! qgroget.server.domain = "qgroget.com";
//! # modules/server/dns/default.nix
//! qgroget.server.domain = "qgroget.fr";
//! ```
//!
//! ## Fix
//! Keep one definition, or say which wins with `lib.mkDefault` (weaker) or `lib.mkForce`
//! (stronger).

use qg_syntax::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg104,
    summary: "two definitions of an option that cannot be merged",
    source: include_str!("qg104_conflicting_definitions.rs"),
};
