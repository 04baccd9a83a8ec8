//! Versioned JSON for scripts; the schema is documented in `docs/json-output.md`.

use std::io::{self, Write};

use serde_json::{json, Value};

use qg_syntax::Diagnostic;

use super::Summary;
use crate::checked::{Checked, CheckedFlake, Location};

/// Bumped on any incompatible change of the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

pub fn write(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    let diagnostics: Vec<Value> = checked
        .diagnostics()
        .map(|(f, d)| diagnostic(checked, f, d))
        .collect();
    let summary = Summary::of(checked);
    let document = json!({
        "version": SCHEMA_VERSION,
        "tool": { "name": "qg-check", "version": env!("CARGO_PKG_VERSION") },
        "flakes": checked.flakes.iter().map(|f| f.host.root().display().to_string()).collect::<Vec<_>>(),
        "hosts": checked.flakes.iter().flat_map(|f| f.hosts.iter().map(move |(name, complete)| json!({
            "flake": f.host.root().display().to_string(),
            "name": name,
            "complete": complete,
        }))).collect::<Vec<_>>(),
        // Every level alike: the schema (docs/json-output.md) has no level for a note.
        "notes": super::notes(checked).iter().map(|note| json!({
            "flake": note.flake.host.root().display().to_string(),
            "message": note.message,
        })).collect::<Vec<_>>(),
        "diagnostics": diagnostics,
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "hints": summary.hints,
            "files": summary.files,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn diagnostic(checked: &Checked, flake: &CheckedFlake, d: &Diagnostic) -> Value {
    let at = checked.locate(flake, &d.primary);
    json!({
        "rule": d.rule.as_str(),
        "name": d.rule.name(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": at.path,
        "range": range(&at),
        "related": d.related.iter().map(|r| {
            let at = checked.locate(flake, &r.span);
            json!({ "file": at.path, "range": range(&at), "message": r.message })
        }).collect::<Vec<_>>(),
        "fixes": d.fixes.iter().map(|fix| json!({
            "title": fix.title,
            "edits": fix.edits.iter().map(|e| {
                let span = qg_syntax::Span { file: e.file.clone(), range: e.range };
                let at = checked.locate(flake, &span);
                json!({ "file": at.path, "range": range(&at), "newText": e.new_text })
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "tags": d.tags.iter().map(|t| match t {
            qg_syntax::Tag::Unnecessary => "unnecessary",
        }).collect::<Vec<_>>(),
    })
}

fn range(at: &Location) -> Value {
    let position = |p: &crate::checked::Position| json!({ "line": p.line, "column": p.column, "offset": p.offset });
    json!({ "start": position(&at.start), "end": position(&at.end) })
}
