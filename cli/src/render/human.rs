//! Source snippets for people (codespan-reporting, over qg-syntax's `LineIndex` so that lines
//! are counted as Nix and the other formats count them), coloured only on a terminal.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::{
    diagnostic::{Diagnostic as Report, Label, Severity as Level},
    files::Error as FileError,
    term::termcolor::{Ansi, NoColor},
    term::{self, Config},
};

use qg_syntax::{Diagnostic, LineIndex, Severity, TextSize};

use super::{NoteLevel, Summary};
use crate::checked::{Checked, CheckedFlake};

/// The files a flake's report shows, with lines as `LineIndex` counts them: codespan's
/// `SimpleFiles` ends lines at LF alone, so after a lone CR its `file:line:col` and
/// snippet would name another line than Nix and the other formats do.
#[derive(Default)]
struct Files {
    files: Vec<File>,
}

struct File {
    name: String,
    text: Arc<str>,
    lines: LineIndex,
}

impl Files {
    fn add(&mut self, name: String, text: Arc<str>) -> usize {
        let lines = LineIndex::new(&text);
        self.files.push(File { name, text, lines });
        self.files.len() - 1
    }

    fn get(&self, id: usize) -> Result<&File, FileError> {
        self.files.get(id).ok_or(FileError::FileMissing)
    }
}

impl File {
    /// Where a 0-based line starts; one past the last line is the end of the text, as
    /// codespan's own files have it (a line's range ends where the next one starts).
    fn line_start(&self, line: usize) -> Result<usize, FileError> {
        let count = self.lines.line_count() as usize;
        match u32::try_from(line)
            .ok()
            .and_then(|l| self.lines.line_start(l))
        {
            Some(start) => Ok(start.into()),
            None if line == count => Ok(self.text.len()),
            None => Err(FileError::LineTooLarge {
                given: line,
                max: count - 1,
            }),
        }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Files {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FileError> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FileError> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FileError> {
        let offset = TextSize::try_from(byte_index).unwrap_or(TextSize::from(u32::MAX));
        Ok(self.get(id)?.lines.line(offset) as usize)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FileError> {
        let file = self.get(id)?;
        Ok(file.line_start(line_index)?..file.line_start(line_index + 1)?)
    }
}

/// The report on `out`; the notes go to stderr: the notices (hosts qg does not check)
/// before it, the warnings (what qg could not read) after it, so that they are the last
/// lines a person sees.
pub fn write(out: &mut dyn Write, checked: &Checked, color: bool) -> io::Result<()> {
    let notes = super::notes(checked);
    for note in notes.iter().filter(|n| n.level == NoteLevel::Notice) {
        eprintln!("qg-check: note: {}", note.message);
    }
    let config = Config::default();
    for flake in &checked.flakes {
        let mut files = Files::default();
        let mut ids = HashMap::new();
        for d in &flake.diagnostics {
            let report = to_report(checked, flake, d, &mut files, &mut ids);
            let emitted = if color {
                term::emit_to_write_style(&mut Ansi::new(&mut *out), &config, &files, &report)
            } else {
                term::emit_to_write_style(&mut NoColor::new(&mut *out), &config, &files, &report)
            };
            emitted.map_err(io::Error::other)?;
        }
    }
    write_summary(out, &Summary::of(checked))?;
    out.flush()?;
    for note in notes.iter().filter(|n| n.level == NoteLevel::Warning) {
        eprintln!("qg-check: note: {}", note.message);
    }
    Ok(())
}

fn to_report(
    checked: &Checked,
    flake: &CheckedFlake,
    d: &Diagnostic,
    files: &mut Files,
    ids: &mut HashMap<String, usize>,
) -> Report<usize> {
    let mut file_id = |rel: &str| {
        *ids.entry(rel.to_string()).or_insert_with(|| {
            let mut text = flake.host.text(rel).unwrap_or_default();
            if [".yaml", ".yml", ".json"].iter().any(|e| rel.ends_with(e)) {
                // A sops file: show key names, never values.
                text = qg_ide::redact_secret_values(&text).into();
            }
            files.add(checked.display_path(flake, rel), text)
        })
    };
    let range = |r: qg_syntax::TextRange| usize::from(r.start())..usize::from(r.end());
    let mut labels = vec![Label::primary(
        file_id(&d.primary.file),
        range(d.primary.range),
    )];
    for related in &d.related {
        let id = file_id(&related.span.file);
        labels.push(Label::secondary(id, range(related.span.range)).with_message(&related.message));
    }
    let mut notes: Vec<String> = d
        .fixes
        .iter()
        .map(|f| format!("fix: {}", f.title))
        .collect();
    notes.push(format!("see `qg-check --explain {}`", d.rule));
    Report::new(level(d.severity))
        .with_code(d.rule.as_str())
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Hint => Level::Help,
    }
}

fn write_summary(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if summary.errors + summary.warnings + summary.hints == 0 {
        return writeln!(
            out,
            "qg-check: no problems found in {}",
            plural(summary.files, "file")
        );
    }
    writeln!(
        out,
        "qg-check: {}, {}, {} in {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.hints, "hint"),
        plural(summary.files, "file")
    )
}

#[cfg(test)]
mod tests {
    use codespan_reporting::files::{Files as _, Location};

    use super::*;

    /// Nix reports the `x` of `x.y` at 3:5 in `let\r x = 1;\r in x.y`: the snippet's
    /// header and lines say so too.
    #[test]
    fn a_lone_cr_ends_a_line_as_in_nix() {
        let mut files = Files::default();
        let id = files.add("flake.nix".into(), Arc::from("let\r x = 1;\r in x.y"));
        let at = files.location(id, 16).unwrap();
        assert_eq!(
            at,
            Location {
                line_number: 3,
                column_number: 5
            }
        );
        assert_eq!(files.line_range(id, 0).unwrap(), 0..4);
        assert_eq!(files.line_range(id, 2).unwrap(), 12..19);
        assert!(files.line_range(id, 3).is_err());
        assert!(files.name(1).is_err());
    }
}
