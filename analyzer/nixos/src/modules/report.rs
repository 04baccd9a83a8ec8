//! Findings in evaluator coordinates → diagnostics on the flake's text.
//!
//! A finding lists candidate locations, best first; the first one inside the flake is the
//! primary location (spans in qg's embedded lib never are). Related spans outside the flake
//! are dropped, and so is a finding with no location in the flake.

use std::collections::HashSet;

use qg_eval::{Evaluator, Span};
use qg_syntax::{Diagnostic, Fix, RelPath, Span as FileSpan, TextEdit};

use super::context::Finding;
use super::source::WorkspaceLoader;

/// The flake file and range of an evaluator span, if it lies in the flake.
pub(crate) fn flake_span(
    ev: &Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    span: Span,
) -> Option<FileSpan> {
    let rel = loader.relative(ev.file_path(span.file))?;
    loader.file(&rel)?;
    Some(FileSpan {
        file: RelPath::from(rel.as_str()),
        range: span.range,
    })
}

pub(crate) fn to_diagnostics(
    ev: &Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    findings: &[Finding],
) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for f in findings {
        let Some(primary) = f.spans.iter().find_map(|s| flake_span(ev, loader, *s)) else {
            continue;
        };
        let mut d = Diagnostic::new(f.rule, primary.clone(), f.message.clone());
        for (span, message) in &f.related {
            if let Some(s) = flake_span(ev, loader, *span) {
                if s != primary && !d.related.iter().any(|r| r.span == s) {
                    d = d.with_related(s, message.clone());
                }
            }
        }
        if let Some((title, span, new_text)) = &f.fix {
            if let Some(s) = flake_span(ev, loader, *span) {
                d = d.with_fix(Fix {
                    title: title.clone(),
                    edits: vec![TextEdit {
                        file: s.file,
                        range: s.range,
                        new_text: new_text.clone(),
                    }],
                });
            }
        }
        if seen.insert((d.rule, d.primary.clone(), d.message.clone())) {
            out.push(d);
        }
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}
