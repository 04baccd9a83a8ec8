//! Diagnostics in LSP form: what a push pass publishes and what a pull request returns.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types as lsp;

use qg_ide::Analysis;
use qg_syntax::{Diagnostic, SourceFile, Tag};

use crate::convert::{self, FileText};
use crate::snapshot::Snapshot;

/// One file's diagnostics to push, with the document version they were computed for.
pub struct FileDiagnostics {
    pub uri: lsp::Uri,
    pub version: Option<i32>,
    pub diagnostics: Vec<lsp::Diagnostic>,
}

/// Every file that has something to push: files with findings, and every open document
/// (so an editor sees a fresh, versioned answer after each edit, even an empty one).
/// Documents the client pulls are left out.
pub fn push_pass(snapshot: &Snapshot) -> Vec<FileDiagnostics> {
    let mut out = Vec::new();
    for flake in &snapshot.flakes {
        flake.evaluate_hosts();
        for &file in flake.files() {
            let rel = flake.path(file);
            let found = flake.diagnostics(file);
            let path = flake.root().join(&**rel);
            let version = snapshot.versions.get(&path).copied();
            if found.is_empty() && version.is_none() {
                continue;
            }
            if version.is_some() && snapshot.pull_open_documents {
                continue;
            }
            if !snapshot.owns(flake, rel) {
                continue;
            }
            let Some(uri) = convert::path_to_uri(&path) else {
                continue;
            };
            out.push(FileDiagnostics {
                uri,
                version,
                diagnostics: to_lsp(snapshot, flake, file, found),
            });
        }
    }
    out
}

/// The findings of one file, converted.
pub fn to_lsp(
    snapshot: &Snapshot,
    flake: &Analysis,
    file: SourceFile,
    found: &[Diagnostic],
) -> Vec<lsp::Diagnostic> {
    let text = FileText::of(flake, file);
    found
        .iter()
        .map(|d| diagnostic(snapshot, flake, &text, d))
        .collect()
}

pub fn diagnostic(
    snapshot: &Snapshot,
    flake: &Analysis,
    text: &FileText,
    d: &Diagnostic,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let file = flake.file(&r.span.file)?;
            let other = FileText::of(flake, file);
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: snapshot.uri(flake, &r.span.file)?,
                    range: other.range(r.span.range),
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let tags: Vec<lsp::DiagnosticTag> = d
        .tags
        .iter()
        .map(|t| match t {
            Tag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
        })
        .collect();
    lsp::Diagnostic {
        range: text.range(d.primary.range),
        severity: Some(convert::severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.as_str().to_string())),
        code_description: code_description(snapshot.rule_docs.as_deref(), d.rule.as_str()),
        source: Some("qg".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// A link to the rule's page: there is no website, so a `file://` URI of `docs/rules/` in
/// the checkout the server runs from, when that page exists.
fn code_description(rule_docs: Option<&PathBuf>, rule: &str) -> Option<lsp::CodeDescription> {
    let page = rule_docs?.join(format!("{rule}.md"));
    if !page.is_file() {
        return None;
    }
    Some(lsp::CodeDescription {
        href: convert::path_to_uri(&page)?,
    })
}

/// `docs/rules/` next to the binary's repository: above the executable (a `target/` build)
/// or at the source tree it was compiled from.
pub fn find_rule_docs() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?.canonicalize().ok()?;
    let compiled_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    exe.ancestors()
        .skip(1)
        .map(Path::to_path_buf)
        .chain(std::iter::once(compiled_from))
        .map(|dir| dir.join("docs/rules"))
        .find(|dir| dir.join("QG001.md").is_file())
        .and_then(|dir| dir.canonicalize().ok())
}
