//! ## What it finds
//! An option that is read but has no value: nothing defines it and it has no default. The
//! finding sits where the option is read (for example the Traefik module reading the `url`
//! of a service that never set one), with the option's declaration as related location.
//!
//! Only options of the flake's own namespaces are checked (see QG101): an option declared
//! by NixOS or a flake input may get its value from a module qg cannot see.
//!
//! ## Why it matters
//! NixOS stops with "The option `...' was accessed but has no value defined. Try setting the
//! option." and a trace that points into the module that read it, not at the service that
//! forgot the value.
//!
//! ## Example
//! ```nix
//! # modules/server/misc/wiki.nix: no `url`
//! qgroget.services.wiki = { type = "private"; };
//! ```
//! `url` is declared without a default, and `modules/server/traefik` reads it for every
//! service.
//!
//! ## Severity
//! An error: reading an option without a value stops the evaluation ("The option `…' was
//! accessed but has no value defined"). Only options of the flake's own namespaces are
//! checked; one of NixOS or of an input may get a value qg cannot see, and stays silent.
//!
//! ## Fix
//! Define the option (here `qgroget.services.wiki.url`), or give the declaration a default.

use qg_nixos::{HostFinding, RelatedRole};
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg103,
    summary: "option read without any definition or default",
    source: include_str!("qg103_missing_value.rs"),
};

/// Nix's error where the option is read, pointing at its declaration.
pub(crate) fn diagnostic(finding: &HostFinding, option: &str, message: &str) -> Diagnostic {
    let mut d = Diagnostic::new(RuleId::Qg103, finding.primary.clone(), message);
    for r in &finding.related {
        if r.role == RelatedRole::Declaration {
            d = d.with_related(
                r.span.clone(),
                format!("`{option}' is declared here, without a default"),
            );
        }
    }
    d
}
