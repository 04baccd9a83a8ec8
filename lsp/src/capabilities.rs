//! What the server offers, and the file watchers it asks the client for.

use tower_lsp_server::ls_types as lsp;

pub fn server_capabilities(pull_diagnostics: bool) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![".".to_string()]),
            ..Default::default()
        }),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        // Pulled for open documents when the client can; files not open are always pushed
        // (workspace pull is answered too, but not advertised, so no client gets both).
        diagnostic_provider: pull_diagnostics.then(|| {
            lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                identifier: Some("qg".to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        }),
        ..Default::default()
    }
}

/// Nix files, sops files, `.sops.yaml`, `qg.toml` and knowledge packs (`*.toml`), and
/// `flake.lock`, anywhere.
pub fn watcher_registration() -> lsp::Registration {
    let globs = [
        "**/*.nix",
        "**/*.yaml",
        "**/*.yml",
        "**/*.json",
        "**/.sops.yaml",
        "**/qg.toml",
        "**/*.toml",
        "**/flake.lock",
    ];
    let watchers = globs
        .iter()
        .map(|g| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String(g.to_string()),
            kind: None,
        })
        .collect();
    lsp::Registration {
        id: "qg-watched-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers,
        })
        .ok(),
    }
}
