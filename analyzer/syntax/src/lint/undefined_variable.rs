//! ## What it finds
//! A variable that no `let`, `rec` set, function argument, `with` or Nix builtin defines.
//!
//! ## Why it matters
//! Nix stops with `undefined variable 'x'` when the file is evaluated, which for a fleet
//! means every host that imports the module fails to build, minutes into `nixos-rebuild`.
//! Usually it is a typo, or an argument missing from the module's `{ config, lib, ... }:`.
//!
//! Inside `with e;` any name may come from `e`, so qg stays silent there unless `e` is a
//! literal attribute set whose keys it can see.
//!
//! ## Example
//! ```nix
//! { config, ... }: {
//!   environment.systemPackages = [ pkgs.git ];
//! }
//! ```
//! `pkgs` is not an argument of this module.
//!
//! ## Fix
//! Add the missing argument (`{ config, pkgs, ... }:`), bind the name with `let`, or correct
//! the spelling.

use crate::diagnostic::{Diagnostic, Span};
use crate::lint::scope::Resolution;
use crate::rule::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg002,
    summary: "variable that nothing in scope defines",
    source: include_str!("undefined_variable.rs"),
};

pub(crate) fn check(resolution: &Resolution, file: &crate::diagnostic::RelPath) -> Vec<Diagnostic> {
    resolution
        .unresolved
        .iter()
        .map(|u| {
            let span = Span {
                file: file.clone(),
                range: u.range,
            };
            Diagnostic::new(
                RuleId::Qg002,
                span,
                format!("undefined variable `{}`", u.name),
            )
        })
        .collect()
}
