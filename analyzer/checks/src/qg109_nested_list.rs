//! ## What it finds
//! A list inside a list-valued option whose elements may not be lists: typically
//! `lib.optional cond [ "a" "b" ]`, which gives `[ [ "a" "b" ] ]` where `lib.optionals`
//! was meant.
//!
//! ## Why it matters
//! NixOS stops with a type error on the element (`... "[definition 1-entry 1]" is not of
//! type ...`), which hides the real mistake: one function letter.
//!
//! ## Example
//! ```nix
//! qgroget.services.jellyfin.middlewares = lib.optional cfg.public [ "rate-limit" ];
//! ```
//!
//! ## Severity
//! An error: a list where the option's elements may not be lists fails the option's type
//! check and the host does not build. Only options whose element type qg knows are checked.
//!
//! ## Fix
//! Use `lib.optionals cond [ ... ]`, or `lib.optional cond "a"` for one element.

use qg_nixos::HostFinding;
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg109,
    summary: "a list where a list-valued option wants its elements",
    source: include_str!("qg109_nested_list.rs"),
};

/// Nix's type error, said as what it usually is: `lib.optional` for `lib.optionals`.
pub(crate) fn diagnostic(finding: &HostFinding, option: &str, element: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::Qg109,
        finding.primary.clone(),
        format!(
            "A definition for option `{option}' is a list inside the list: the option wants elements of type `{element}'. `lib.optional` wraps its argument in a list; use `lib.optionals` for a list"
        ),
    )
}
