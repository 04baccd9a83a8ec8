//! SARIF 2.1.0, for code-scanning services (GitHub code scanning and others).

use std::io::{self, Write};

use serde_json::{json, Value};

use qg_syntax::{Diagnostic, RuleId, Severity, Span};

use super::NoteLevel;
use crate::checked::{Checked, CheckedFlake};

pub fn write(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    let results: Vec<Value> = checked
        .diagnostics()
        .map(|(f, d)| result(checked, f, d))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "qg-check",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": RuleId::ALL.iter().map(|&id| rule(id)).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": super::notes(checked).iter().map(|note| json!({
                    "level": match note.level {
                        NoteLevel::Warning => "warning",
                        NoteLevel::Notice => "note",
                    },
                    "message": { "text": note.message },
                })).collect::<Vec<_>>(),
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn rule(id: RuleId) -> Value {
    let rule = qg_ide::rule(id);
    json!({
        "id": id.as_str(),
        "name": rule.name(),
        "shortDescription": { "text": rule.summary },
        "help": { "text": rule.doc(), "markdown": rule.doc() },
        "defaultConfiguration": {
            "enabled": rule.default_level() != qg_syntax::Level::Allow,
            "level": rule.default_level().severity().map_or("none", level),
        },
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "note",
    }
}

fn result(checked: &Checked, flake: &CheckedFlake, d: &Diagnostic) -> Value {
    let rule_index = RuleId::ALL.iter().position(|&id| id == d.rule).unwrap_or(0);
    json!({
        "ruleId": d.rule.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [ { "physicalLocation": physical(checked, flake, &d.primary) } ],
        "relatedLocations": d.related.iter().enumerate().map(|(i, r)| json!({
            "id": i,
            "physicalLocation": physical(checked, flake, &r.span),
            "message": { "text": r.message },
        })).collect::<Vec<_>>(),
        "fixes": d.fixes.iter().map(|fix| json!({
            "description": { "text": fix.title },
            "artifactChanges": fix.edits.iter().map(|e| {
                let span = Span { file: e.file.clone(), range: e.range };
                let location = physical(checked, flake, &span);
                json!({
                    "artifactLocation": location["artifactLocation"],
                    "replacements": [{
                        "deletedRegion": location["region"],
                        "insertedContent": { "text": e.new_text },
                    }],
                })
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn physical(checked: &Checked, flake: &CheckedFlake, span: &Span) -> Value {
    let at = checked.locate(flake, span);
    json!({
        "artifactLocation": { "uri": uri(&at.path) },
        "region": {
            "startLine": at.start.line,
            "startColumn": at.start.column_utf16,
            "endLine": at.end.line,
            "endColumn": at.end.column_utf16,
            "charOffset": at.start.offset,
            "charLength": at.end.offset - at.start.offset,
        },
    })
}

/// A relative or absolute path as a URI reference (percent-encoding what URIs forbid).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}
