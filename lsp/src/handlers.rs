//! Request handlers: LSP params in, LSP results out, computed on a snapshot by a worker.
//! Each converts positions, calls one method of `qg_ide::Analysis` and converts back.

use std::collections::HashMap;

use tower_lsp_server::{
    jsonrpc::{Error, Result},
    ls_types as lsp,
};

use qg_ide::{Analysis, FilePosition, NavigationTarget};

use crate::convert::{self, FileText};
use crate::diagnostics;
use crate::snapshot::Snapshot;

/// The file and byte offset of an LSP position, with the file's flake.
fn locate<'a>(
    snapshot: &'a Snapshot,
    doc: &lsp::TextDocumentPositionParams,
) -> Option<(&'a Analysis, FilePosition)> {
    let (flake, file) = snapshot.file_of_uri(&doc.text_document.uri)?;
    let offset = FileText::of(flake, file).offset(doc.position);
    Some((flake, FilePosition { file, offset }))
}

pub fn hover(snapshot: &Snapshot, params: &lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let Some((flake, position)) = locate(snapshot, &params.text_document_position_params) else {
        return Ok(None);
    };
    let Some(found) = flake.hover(position, snapshot.host.as_deref()) else {
        return Ok(None);
    };
    let text = FileText::of(flake, position.file);
    Ok(Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(text.range(found.range)),
    }))
}

pub fn completion(
    snapshot: &Snapshot,
    params: &lsp::CompletionParams,
) -> Result<Option<lsp::CompletionResponse>> {
    let Some((flake, position)) = locate(snapshot, &params.text_document_position) else {
        return Ok(None);
    };
    let text = FileText::of(flake, position.file);
    let items = flake
        .complete(position, snapshot.host.as_deref())
        .into_iter()
        .map(|item| lsp::CompletionItem {
            label: item.label.clone(),
            kind: Some(convert::completion_kind(item.kind)),
            detail: item.detail,
            documentation: item.documentation.map(|value| {
                lsp::Documentation::MarkupContent(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value,
                })
            }),
            sort_text: Some(item.sort_text),
            filter_text: Some(item.label.clone()),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range: text.range(item.replace),
                new_text: item.label,
            })),
            ..Default::default()
        })
        .collect();
    Ok(Some(lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: false,
        items,
    })))
}

fn location(flake: &Analysis, target: &NavigationTarget) -> Option<lsp::Location> {
    let range = match flake.file(&target.file) {
        Some(file) => FileText::of(flake, file).range(target.focus_range),
        // A file of an input (a NixOS module of nixpkgs): positions from its text on disk.
        None => match std::fs::read_to_string(flake.root().join(&*target.file)) {
            Ok(text) => FileText {
                text: &text,
                index: &qg_syntax::LineIndex::new(&text),
            }
            .range(target.focus_range),
            Err(_) => lsp::Range::default(),
        },
    };
    let mut path = flake.root().join(&*target.file);
    if path.is_dir() {
        path = path.join("default.nix");
    }
    if flake.file(&target.file).is_none() && !path.is_file() {
        return None;
    }
    Some(lsp::Location {
        uri: convert::path_to_uri(&path)?,
        range,
    })
}

/// `qg/listHosts`: the host names of every flake of the workspace, sorted, unique.
pub fn list_hosts(snapshot: &Snapshot, _params: &()) -> Result<Vec<String>> {
    let mut names: Vec<String> = snapshot
        .flakes
        .iter()
        .flat_map(|f| f.host_names())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

pub fn goto_definition(
    snapshot: &Snapshot,
    params: &lsp::GotoDefinitionParams,
) -> Result<Option<lsp::GotoDefinitionResponse>> {
    let Some((flake, position)) = locate(snapshot, &params.text_document_position_params) else {
        return Ok(None);
    };
    let locations: Vec<lsp::Location> = flake
        .goto_definition(position, snapshot.host.as_deref())
        .iter()
        .filter_map(|t| location(flake, t))
        .collect();
    Ok(match locations.len() {
        0 => None,
        1 => Some(lsp::GotoDefinitionResponse::Scalar(
            locations.into_iter().next().unwrap(),
        )),
        _ => Some(lsp::GotoDefinitionResponse::Array(locations)),
    })
}

pub fn references(
    snapshot: &Snapshot,
    params: &lsp::ReferenceParams,
) -> Result<Option<Vec<lsp::Location>>> {
    let Some((flake, position)) = locate(snapshot, &params.text_document_position) else {
        return Ok(None);
    };
    // Options, services, secrets, middlewares and units across the fleet; else a local
    // binding in its file.
    let host = snapshot.host.as_deref();
    let include_declaration = params.context.include_declaration;
    let Some(spans) = flake.references(position, host, include_declaration) else {
        return Ok(None);
    };
    let locations = spans
        .iter()
        .filter_map(|s| {
            let file = flake.file(&s.file)?;
            Some(lsp::Location {
                uri: snapshot.uri(flake, &s.file)?,
                range: FileText::of(flake, file).range(s.range),
            })
        })
        .collect();
    Ok(Some(locations))
}

pub fn prepare_rename(
    snapshot: &Snapshot,
    params: &lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResponse>> {
    let Some((flake, position)) = locate(snapshot, params) else {
        return Ok(None);
    };
    let range = flake
        .prepare_rename(position)
        .map_err(|e| Error::invalid_params(e.0))?;
    let text = FileText::of(flake, position.file);
    Ok(Some(lsp::PrepareRenameResponse::Range(text.range(range))))
}

pub fn rename(
    snapshot: &Snapshot,
    params: &lsp::RenameParams,
) -> Result<Option<lsp::WorkspaceEdit>> {
    let Some((flake, position)) = locate(snapshot, &params.text_document_position) else {
        return Ok(None);
    };
    let edits = flake
        .rename(position, &params.new_name)
        .map_err(|e| Error::invalid_params(e.0))?;
    Ok(Some(workspace_edit(snapshot, flake, &edits)))
}

fn workspace_edit(
    snapshot: &Snapshot,
    flake: &Analysis,
    edits: &[qg_syntax::TextEdit],
) -> lsp::WorkspaceEdit {
    let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for edit in edits {
        let (Some(file), Some(uri)) = (flake.file(&edit.file), snapshot.uri(flake, &edit.file))
        else {
            continue;
        };
        let text = FileText::of(flake, file);
        changes.entry(uri).or_default().push(lsp::TextEdit {
            range: text.range(edit.range),
            new_text: edit.new_text.clone(),
        });
    }
    lsp::WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}

/// `= value` hints after `config.a.b` selections, from one cached evaluation of the host.
pub fn inlay_hints(
    snapshot: &Snapshot,
    params: &lsp::InlayHintParams,
) -> Result<Option<Vec<lsp::InlayHint>>> {
    let Some((flake, file)) = snapshot.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    let text = FileText::of(flake, file);
    let range = text.text_range(params.range);
    let hints = flake
        .inlay_hints(file, snapshot.host.as_deref(), Some(range))
        .into_iter()
        .map(|hint| lsp::InlayHint {
            position: text.position(hint.offset),
            label: lsp::InlayHintLabel::String(hint.label),
            kind: None,
            text_edits: None,
            tooltip: Some(lsp::InlayHintTooltip::String(hint.tooltip)),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Ok(Some(hints))
}

pub fn document_symbols(
    snapshot: &Snapshot,
    params: &lsp::DocumentSymbolParams,
) -> Result<Option<lsp::DocumentSymbolResponse>> {
    let Some((flake, file)) = snapshot.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    let text = FileText::of(flake, file);
    let symbols = flake
        .document_symbols(file)
        .iter()
        .map(|s| convert::document_symbol(&text, s))
        .collect();
    Ok(Some(lsp::DocumentSymbolResponse::Nested(symbols)))
}

pub fn workspace_symbols(
    snapshot: &Snapshot,
    params: &lsp::WorkspaceSymbolParams,
) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
    let mut out = Vec::new();
    for flake in &snapshot.flakes {
        for symbol in flake.workspace_symbols(&params.query) {
            if !snapshot.owns(flake, &symbol.file) {
                continue;
            }
            let (Some(file), Some(uri)) =
                (flake.file(&symbol.file), snapshot.uri(flake, &symbol.file))
            else {
                continue;
            };
            let text = FileText::of(flake, file);
            out.push(lsp::WorkspaceSymbol {
                name: symbol.name,
                kind: convert::symbol_kind(symbol.kind),
                tags: None,
                container_name: symbol.container,
                location: lsp::OneOf::Left(lsp::Location {
                    uri,
                    range: text.range(symbol.range),
                }),
                data: None,
            });
        }
    }
    Ok(Some(lsp::WorkspaceSymbolResponse::Nested(out)))
}

/// Quick fixes: every fix of every finding that overlaps the requested range.
pub fn code_actions(
    snapshot: &Snapshot,
    params: &lsp::CodeActionParams,
) -> Result<Option<lsp::CodeActionResponse>> {
    let Some((flake, file)) = snapshot.file_of_uri(&params.text_document.uri) else {
        return Ok(None);
    };
    if params
        .context
        .only
        .as_ref()
        .is_some_and(|only| !only.iter().any(|k| k.as_str().starts_with("quickfix")))
    {
        return Ok(None);
    }
    let text = FileText::of(flake, file);
    let wanted = text.text_range(params.range);
    let mut actions = Vec::new();
    for d in flake.diagnostics(file) {
        if d.primary.range.intersect(wanted).is_none() {
            continue;
        }
        let converted = diagnostics::diagnostic(snapshot, flake, &text, d);
        for (i, fix) in d.fixes.iter().enumerate() {
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: fix.title.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![converted.clone()]),
                edit: Some(workspace_edit(snapshot, flake, &fix.edits)),
                is_preferred: Some(i == 0),
                ..Default::default()
            }));
        }
    }
    Ok(Some(actions))
}

pub fn document_diagnostic(
    snapshot: &Snapshot,
    params: &lsp::DocumentDiagnosticParams,
) -> Result<lsp::DocumentDiagnosticReportResult> {
    let items = match snapshot.file_of_uri(&params.text_document.uri) {
        Some((flake, file)) => diagnostics::to_lsp(snapshot, flake, file, flake.diagnostics(file)),
        None => Vec::new(),
    };
    Ok(lsp::DocumentDiagnosticReportResult::Report(
        lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}

/// Every file of every flake, each with its full list (empty lists included, so a client
/// clears what was fixed).
pub fn workspace_diagnostic(
    snapshot: &Snapshot,
    _params: &lsp::WorkspaceDiagnosticParams,
) -> Result<lsp::WorkspaceDiagnosticReportResult> {
    let mut items = Vec::new();
    for flake in &snapshot.flakes {
        for &file in flake.files() {
            let rel = flake.path(file);
            if !snapshot.owns(flake, rel) {
                continue;
            }
            let Some(uri) = snapshot.uri(flake, rel) else {
                continue;
            };
            let path = flake.root().join(&**rel);
            items.push(lsp::WorkspaceDocumentDiagnosticReport::Full(
                lsp::WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version: snapshot.versions.get(&path).map(|v| i64::from(*v)),
                    full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                        result_id: None,
                        items: diagnostics::to_lsp(snapshot, flake, file, flake.diagnostics(file)),
                    },
                },
            ));
        }
    }
    Ok(lsp::WorkspaceDiagnosticReportResult::Report(
        lsp::WorkspaceDiagnosticReport { items },
    ))
}
