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
//! ## Severity
//! An error: the host's build would hit the same evaluation error. qg reports one only
//! when no unknown value (an input, `pkgs`, an option it cannot see) took part in it; with
//! the real values the error might not happen, so such errors are silent.
//!
//! ## Fix
//! Correct the expression at the reported place; the related locations show how it was
//! reached.

use qg_nixos::{HostFinding, RelatedRole};
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg108,
    summary: "evaluation error that a build of the host would hit",
    source: include_str!("qg108_evaluation_error.rs"),
};

/// The evaluator's error, with the steps of its trace that lie in the flake.
pub(crate) fn diagnostic(finding: &HostFinding, message: &str) -> Diagnostic {
    let mut d = Diagnostic::new(RuleId::Qg108, finding.primary.clone(), message);
    for r in &finding.related {
        if let RelatedRole::Trace(what) = &r.role {
            d = d.with_related(r.span.clone(), what.clone());
        }
    }
    d
}

/// Nix's error for attributes beside an explicit `config` or `options`, at the first one.
pub(crate) fn unsupported_attributes(
    finding: &HostFinding,
    module: &str,
    attributes: &[String],
) -> Diagnostic {
    let first = attributes.first().map(String::as_str).unwrap_or_default();
    Diagnostic::new(
        RuleId::Qg108,
        finding.primary.clone(),
        format!(
            "Module `{module}' has an unsupported attribute `{first}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: {}) into the explicit `config' attribute.",
            attributes.join(" ")
        ),
    )
}
