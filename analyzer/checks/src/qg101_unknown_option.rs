//! ## What it finds
//! A definition of an option that does not exist, under a namespace that the flake itself
//! declares: `qgroget.services.jellyfin.subdomian` when the service options are `name`,
//! `url`, `type`... qg suggests the closest declared names and offers to replace the key.
//!
//! Only namespaces whose options the flake declares itself are checked: `qgroget.*` above,
//! and the options of a submodule the flake declares. Options of NixOS and of flake inputs
//! (`services.*`, `sops.*`, ...) are unknown to qg, so their definitions are never reported.
//!
//! ## Why it matters
//! NixOS stops with "The option `qgroget.services.jellyfin.subdomian' does not exist" when
//! the host is evaluated, even if the definition is under a `mkIf` that is false. Until
//! then the typo silently does nothing.
//!
//! ## Example
//! ```nix
//! qgroget.services.jellyfin = {
//!   url = "http://127.0.0.1:8096";
//!   subdomian = "media";
//! };
//! ```
//!
//! ## Fix
//! Correct the name (the suggested fix replaces the key), or declare the option.

use qg_syntax::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg101,
    summary: "definition of an option that the flake's own namespace does not declare",
    source: include_str!("qg101_unknown_option.rs"),
};
