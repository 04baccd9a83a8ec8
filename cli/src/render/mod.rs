//! Output formats. Each takes the checked flakes and writes one report.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::checked::Checked;

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
