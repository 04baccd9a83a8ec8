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
//! A warning when the definition is under a condition qg cannot decide (or may be
//! overridden by one that is): it breaks the host only when the condition holds. Under a
//! condition that is false on the host, QG005 reads the shape from the text instead.
//!
//! When QG005 (the shape of the text) and QG109 (the evaluated option) both see one list
//! on one line, only QG109 is reported: it names the option and its element type and knows
//! on which hosts the list is merged, so QG005 would say less about the same mistake.
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
pub(crate) fn diagnostic(
    finding: &HostFinding,
    option: &str,
    element: &str,
    conditional: bool,
) -> Diagnostic {
    let d = Diagnostic::new(
        RuleId::Qg109,
        finding.primary.clone(),
        format!(
            "A definition for option `{option}' is a list inside the list: the option wants elements of type `{element}'. `lib.optional` wraps its argument in a list; use `lib.optionals` for a list"
        ),
    );
    if conditional {
        crate::hosts::at_most_warning(d)
    } else {
        d
    }
}
