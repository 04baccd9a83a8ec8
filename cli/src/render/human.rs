//! Source snippets for people (codespan-reporting), coloured only on a terminal.

use std::collections::HashMap;
use std::io::{self, Write};

use codespan_reporting::{
    diagnostic::{Diagnostic as Report, Label, Severity as Level},
    files::SimpleFiles,
    term::termcolor::{Ansi, NoColor},
    term::{self, Config},
};

use qg_syntax::{Diagnostic, Severity};

use super::{NoteLevel, Summary};
use crate::checked::{Checked, CheckedFlake};

type Files = SimpleFiles<String, std::sync::Arc<str>>;

/// The report on `out`; the notices (hosts qg does not check) go to stderr before it. The
/// warning notes go to stderr after the report, from `main`, so that they are the last
/// lines a person sees; they are skipped here so that none is written twice.
pub fn write(out: &mut dyn Write, checked: &Checked, color: bool) -> io::Result<()> {
    for note in super::notes(checked) {
        if note.level == NoteLevel::Notice {
            eprintln!("qg-check: note: {}", note.message);
        }
    }
    let config = Config::default();
    for flake in &checked.flakes {
        let mut files = Files::new();
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
    write_summary(out, &Summary::of(checked))
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
