//! Output formats. Each takes the checked flakes and writes one report.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::borrow::Cow;

use crate::checked::{Checked, CheckedFlake};

/// How a format should weigh a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteLevel {
    /// Something qg could not read on a flake it checks (no host, a host read in part):
    /// the report may miss findings, so formats that have levels show it as a warning.
    Warning,
    /// Hosts of outputs qg does not check (nix-darwin's `darwinConfigurations`):
    /// out of scope, not broken, so a notice.
    Notice,
}

/// One note of the report, with the flake it is about.
pub struct Note<'a> {
    pub flake: &'a CheckedFlake,
    pub level: NoteLevel,
    pub message: Cow<'a, str>,
}

/// Every note of the report, in the order every format writes them: the coverage notes of
/// each flake (warnings), then one notice per flake naming the hosts qg does not check, so
/// that no format lets them pass for checked. One list, so that a new kind of note reaches
/// every format at once.
pub fn notes(checked: &Checked) -> Vec<Note<'_>> {
    let coverage = checked.notes().map(|(flake, note)| Note {
        flake,
        level: NoteLevel::Warning,
        message: Cow::Borrowed(note.as_str()),
    });
    let unchecked = checked.flakes.iter().filter_map(|flake| {
        let hosts = flake.host.unchecked_hosts();
        if hosts.is_empty() {
            return None;
        }
        let names: Vec<String> = hosts.iter().map(|h| format!("`{h}`")).collect();
        Some(Note {
            flake,
            level: NoteLevel::Notice,
            message: Cow::Owned(format!(
                "{}: not checked: {} (qg checks NixOS hosts; nix-darwin's are out of its \
                 scope, and files only they read got the local lints QG001-QG005 alone).",
                flake.host.root().display(),
                names.join(", ")
            )),
        })
    });
    coverage.chain(unchecked).collect()
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
