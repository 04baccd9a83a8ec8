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
//! ## Severity
//! An error: two definitions that cannot be merged at the same priority stop the
//! evaluation ("conflicting definition values"). Definitions under a condition qg cannot
//! decide take no part, so an unknown condition never makes a finding.
//!
//! ## Fix
//! Keep one definition, or say which wins with `lib.mkDefault` (weaker) or `lib.mkForce`
//! (stronger).

use qg_nixos::{ConflictKind, HostFinding, RelatedRole};
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg104,
    summary: "two definitions of an option that cannot be merged",
    source: include_str!("qg104_conflicting_definitions.rs"),
};

/// What a conflict is about, as the pieces of one.
pub(crate) struct Conflict<'a> {
    pub option: &'a str,
    pub why: ConflictKind,
    pub value: &'a str,
    pub file: &'a str,
    pub other_value: &'a str,
    pub other_file: &'a str,
}

/// Nix's message for the conflict, at the later definition, pointing at the other one.
pub(crate) fn diagnostic(finding: &HostFinding, c: Conflict<'_>) -> Diagnostic {
    let what = match c.why {
        ConflictKind::DifferentValues => "has conflicting definition values",
        ConflictKind::NotUnique => "is defined multiple times while it's expected to be unique",
        ConflictKind::NullAndNotNull => "is defined both null and not null",
    };
    let mut d = Diagnostic::new(
        RuleId::Qg104,
        finding.primary.clone(),
        format!(
            "The option `{}' {what}: {} in `{}' and {} in `{}'. Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
            c.option, c.value, c.file, c.other_value, c.other_file,
        ),
    );
    for r in &finding.related {
        if r.role == RelatedRole::OtherDefinition {
            d = d.with_related(r.span.clone(), "the other definition");
        }
    }
    d
}
