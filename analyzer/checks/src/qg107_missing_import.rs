//! ## What it finds
//! An import of a path the flake cannot see: a file that does not exist, a directory
//! without `default.nix`, or a file that git does not track.
//!
//! ## Why it matters
//! A flake in a git repository only sees tracked files: a new module that is not `git add`ed
//! exists for the editor but not for `nixos-rebuild`, which stops with "path ... does not
//! exist". A typo in a path fails the same way.
//!
//! ## Example
//! ```nix
//! imports = [ ./hardware-configuraton.nix ];
//! ```
//!
//! ## Severity
//! An error: importing a path that does not exist (or that git does not track, which a
//! flake cannot see) stops the evaluation. An import qg cannot resolve (an input, a path
//! computed from an unknown value) is silent.
//!
//! ## Fix
//! Correct the path, create the file, or `git add` it.

use qg_nixos::{HostFinding, MissingImportKind};
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg107,
    summary: "import of a path that does not exist or that git does not track",
    source: include_str!("qg107_missing_import.rs"),
};

/// The import, and why the flake does not see its path.
pub(crate) fn diagnostic(finding: &HostFinding, path: &str, why: MissingImportKind) -> Diagnostic {
    let message = match why {
        MissingImportKind::Untracked => format!(
            "`{path}` is imported but not tracked by git, so the flake does not see it (git add it)"
        ),
        MissingImportKind::NoDefaultNix => format!("`{path}` is imported but has no default.nix"),
        MissingImportKind::Missing => format!("`{path}` is imported but does not exist"),
    };
    Diagnostic::new(RuleId::Qg107, finding.primary.clone(), message)
}
