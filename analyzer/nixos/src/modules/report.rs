//! Findings in evaluator coordinates → findings on the flake's text.
//!
//! A finding lists candidate locations, best first; the first one inside the flake is the
//! primary location (spans in qg's embedded lib never are). Related spans outside the flake
//! are dropped, and so is a finding with no location in the flake.

use std::collections::HashSet;

use qg_eval::{Evaluator, Span};
use qg_syntax::{RelPath, Span as FileSpan};

use super::context::Finding;
use super::finding::{HostFinding, RelatedSpan, Replacement};
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

/// The findings located in the flake, each kind once per location, sorted by location.
pub(crate) fn to_host_findings(
    ev: &Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    findings: &[Finding],
) -> Vec<HostFinding> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for f in findings {
        let Some(primary) = f.spans.iter().find_map(|s| flake_span(ev, loader, *s)) else {
            continue;
        };
        let mut related: Vec<RelatedSpan> = Vec::new();
        for (span, role) in &f.related {
            if let Some(s) = flake_span(ev, loader, *span) {
                if s != primary && !related.iter().any(|r| r.span == s) {
                    related.push(RelatedSpan {
                        span: s,
                        role: role.clone(),
                    });
                }
            }
        }
        let fix = f.fix.as_ref().and_then(|(span, new_text)| {
            Some(Replacement {
                span: flake_span(ev, loader, *span)?,
                new_text: new_text.clone(),
            })
        });
        if seen.insert((f.kind.clone(), primary.clone())) {
            out.push(HostFinding {
                kind: f.kind.clone(),
                primary,
                related,
                fix,
            });
        }
    }
    sort(&mut out);
    out
}

/// Sorts findings by location (file, start, end), keeping the order of those at the same.
pub(crate) fn sort(findings: &mut [HostFinding]) {
    findings.sort_by(|a, b| {
        let key = |f: &HostFinding| {
            (
                f.primary.file.clone(),
                f.primary.range.start(),
                f.primary.range.end(),
            )
        };
        key(a).cmp(&key(b))
    });
}
