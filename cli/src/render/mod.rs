//! Output formats. Each takes the checked flakes and writes one report.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::checked::{Checked, CheckedFlake};

/// One note per flake naming the hosts of outputs qg does not check (nix-darwin's
/// `darwinConfigurations`), so that no format lets them pass for checked. Informational:
/// a notice, not a warning (they are out of scope, not broken).
pub fn unchecked_notes(checked: &Checked) -> Vec<(&CheckedFlake, String)> {
    checked
        .flakes
        .iter()
        .filter_map(|f| {
            let hosts = f.host.unchecked_hosts();
            if hosts.is_empty() {
                return None;
            }
            let names: Vec<String> = hosts.iter().map(|h| format!("`{h}`")).collect();
            Some((
                f,
                format!(
                    "{}: not checked: {} (qg checks NixOS hosts; nix-darwin's are out of its \
                     scope, and files only they read got the local lints QG001-QG005 alone).",
                    f.host.root().display(),
                    names.join(", ")
                ),
            ))
        })
        .collect()
}

/// Counts of errors, warnings and hints across every flake.
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(checked: &Checked) -> Summary {
        let count = |s| {
            checked
                .diagnostics()
                .filter(|(_, d)| d.severity == s)
                .count()
        };
        Summary {
            errors: count(qg_syntax::Severity::Error),
            warnings: count(qg_syntax::Severity::Warning),
            hints: count(qg_syntax::Severity::Hint),
            files: checked.flakes.iter().map(|f| f.host.paths().len()).sum(),
        }
    }
}
