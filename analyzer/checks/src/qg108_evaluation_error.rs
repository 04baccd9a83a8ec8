//! ## What it finds
//! An evaluation error that a build of the host would hit: `throw`, `abort`, a failed
//! `assert`, a type error (`cannot add a string to an integer`), a missing attribute,
//! infinite recursion. The finding sits at the first place in the flake where the error
//! happens; the evaluation trace is listed as related locations.
//!
//! qg reports an error only when no unknown value (a flake input, `pkgs`, an option it
//! cannot see) took part in it: with the real values the error might not happen.
//!
//! ## Why it matters
//! Nix stops at the first such error, minutes into a rebuild, often with a trace that
//! starts deep inside nixpkgs.
//!
//! ## Example
//! ```nix
//! networking.firewall.allowedTCPPorts = [ (config.qgroget.server.port + "1") ];
//! ```
//!
//! ## Fix
//! Correct the expression at the reported place; the related locations show how it was
//! reached.

use qg_syntax::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg108,
    summary: "evaluation error that a build of the host would hit",
    source: include_str!("qg108_evaluation_error.rs"),
};
