//! The `LanguageServer` implementation: turns LSP messages into state-loop tasks and jobs.
//!
//! Handlers never touch analysis state. Notifications are forwarded in the order they
//! arrive (each handler sends before its first `.await`, so tower-lsp's concurrent
//! dispatch cannot reorder edits); requests go through one router (`router`), which makes
//! each a job and awaits its answer.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::{
    jsonrpc::{Error, Result},
    ls_types as lsp,
    ls_types::request,
    Client, LanguageServer,
};

use crate::convert::uri_to_path;
use crate::outbox::Outbox;
use crate::router::{DebugPanic, DebugSlow, ListHosts};
use crate::state::Task;
use crate::{capabilities, handlers};

/// How often the fallback poller looks at the disk.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

pub struct Server {
    client: Client,
    tasks: Mutex<Sender<Task>>,
    outbox: Outbox,
    /// What the client said it can do, read at `initialize`.
    client_flags: Mutex<ClientFlags>,
}

#[derive(Default, Clone, Copy)]
struct ClientFlags {
    watch_registration: bool,
    configuration_pull: bool,
}

impl Server {
    pub fn new(client: Client, tasks: Sender<Task>, outbox: Outbox) -> Server {
        Server {
            client,
            tasks: Mutex::new(tasks),
            outbox,
            client_flags: Mutex::default(),
        }
    }

    pub(crate) fn send(&self, task: Task) {
        if let Ok(tasks) = self.tasks.lock() {
            let _ = tasks.send(task);
        }
    }

    /// `qg/listHosts`: the `nixosConfigurations` host names of the workspace's flakes. Takes
    /// no params (`null` or absent), as the VS Code extension sends it.
    pub async fn list_hosts(&self) -> Result<Vec<String>> {
        self.route::<ListHosts>((), handlers::list_hosts).await
    }

    /// `qg/debugPanic`: panics inside a job, to test that the server survives. Only served
    /// when `QG_LSP_DEBUG=1`.
    pub async fn debug_panic(&self, params: Value) -> Result<Value> {
        if !debug_enabled() {
            return Err(Error::method_not_found());
        }
        self.route::<DebugPanic>(params, |_, _| {
            panic!("deliberate panic requested through qg/debugPanic")
        })
        .await
    }

    /// `qg/debugSlow {"millis": n}`: a job that runs for `n` ms checking for cancellation
    /// like a long analysis would, to test `$/cancelRequest` and cancellation by edits.
    /// Only served when `QG_LSP_DEBUG=1`.
    pub async fn debug_slow(&self, params: Value) -> Result<Value> {
        if !debug_enabled() {
            return Err(Error::method_not_found());
        }
        let millis = params
            .get("millis")
            .and_then(Value::as_u64)
            .unwrap_or(5_000)
            .min(30_000);
        self.route::<DebugSlow>(params, move |snapshot, _| {
            let deadline = std::time::Instant::now() + Duration::from_millis(millis);
            while std::time::Instant::now() < deadline {
                for flake in &snapshot.flakes {
                    flake.check_cancelled();
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            Ok(Value::String("done".into()))
        })
        .await
    }

    async fn pull_configuration(&self) {
        let items = vec![lsp::ConfigurationItem {
            scope_uri: None,
            section: Some("qg".to_string()),
        }];
        if let Ok(values) = self.client.configuration(items).await {
            if let Some(value) = values.into_iter().next() {
                self.send(Task::Settings(value));
            }
        }
    }
}

pub fn debug_enabled() -> bool {
    std::env::var_os("QG_LSP_DEBUG").is_some_and(|v| v == "1")
}

fn folders(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri_to_path(&f.uri))
        .collect();
    #[allow(deprecated)] // rootUri is what older clients send
    if out.is_empty() {
        out.extend(params.root_uri.as_ref().and_then(uri_to_path));
    }
    out.into_iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect()
}

impl LanguageServer for Server {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let caps = &params.capabilities;
        let pull_diagnostics = caps
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some();
        let workspace = caps.workspace.as_ref();
        let refresh_support = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let flags = ClientFlags {
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration_pull: workspace.and_then(|w| w.configuration).unwrap_or(false),
        };
        if let Ok(mut held) = self.client_flags.lock() {
            *held = flags;
        }
        self.send(Task::Initialize {
            folders: folders(&params),
            settings: params.initialization_options.clone().unwrap_or(Value::Null),
            pull_diagnostics,
            refresh_support,
            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
        });
        Ok(lsp::InitializeResult {
            capabilities: capabilities::server_capabilities(pull_diagnostics),
            server_info: Some(lsp::ServerInfo {
                name: "qg-lsp".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        self.send(Task::Initialized);
        let flags = self.client_flags.lock().map(|f| *f).unwrap_or_default();
        if flags.watch_registration {
            let registration = capabilities::watcher_registration();
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.outbox.log(
                    lsp::MessageType::WARNING,
                    format!("qg: cannot register file watchers: {e}"),
                );
            }
        } else {
            let (reply, roots) = std::sync::mpsc::channel();
            self.send(Task::Roots(reply));
            let tasks = self.tasks.lock().map(|t| t.clone());
            if let Ok(tasks) = tasks {
                std::thread::spawn(move || {
                    if let Ok(roots) = roots.recv() {
                        crate::watcher::start_poller(roots, POLL_INTERVAL, tasks);
                    }
                });
            }
        }
        if flags.configuration_pull {
            self.pull_configuration().await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let doc = params.text_document;
        if let Some(path) = uri_to_path(&doc.uri) {
            self.send(Task::Open {
                path,
                version: doc.version,
                text: doc.text,
            });
        }
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        if let Some(path) = uri_to_path(&params.text_document.uri) {
            self.send(Task::Change {
                path,
                version: params.text_document.version,
                changes: params.content_changes,
            });
        }
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        if let Some(path) = uri_to_path(&params.text_document.uri) {
            self.send(Task::Close { path });
        }
    }

    async fn did_save(&self, params: lsp::DidSaveTextDocumentParams) {
        // Clients without file watchers still save `qg.toml` or sops files through the editor.
        if let Some(path) = uri_to_path(&params.text_document.uri) {
            self.send(Task::DiskChanges(vec![path]));
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let paths = params
            .changes
            .iter()
            .filter_map(|c| uri_to_path(&c.uri))
            .collect();
        self.send(Task::DiskChanges(paths));
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let flags = self.client_flags.lock().map(|f| *f).unwrap_or_default();
        if flags.configuration_pull {
            self.pull_configuration().await;
        } else {
            self.send(Task::Settings(params.settings));
        }
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        self.route::<request::HoverRequest>(params, handlers::hover)
            .await
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        self.route::<request::Completion>(params, handlers::completion)
            .await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        self.route::<request::GotoDefinition>(params, handlers::goto_definition)
            .await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        self.route::<request::References>(params, handlers::references)
            .await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        self.route::<request::PrepareRenameRequest>(params, handlers::prepare_rename)
            .await
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        self.route::<request::Rename>(params, handlers::rename)
            .await
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.route::<request::DocumentSymbolRequest>(params, handlers::document_symbols)
            .await
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        self.route::<request::InlayHintRequest>(params, handlers::inlay_hints)
            .await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        self.route::<request::WorkspaceSymbolRequest>(params, handlers::workspace_symbols)
            .await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        self.route::<request::CodeActionRequest>(params, handlers::code_actions)
            .await
    }

    async fn diagnostic(
        &self,
        params: lsp::DocumentDiagnosticParams,
    ) -> Result<lsp::DocumentDiagnosticReportResult> {
        self.route::<request::DocumentDiagnosticRequest>(params, handlers::document_diagnostic)
            .await
    }

    async fn workspace_diagnostic(
        &self,
        params: lsp::WorkspaceDiagnosticParams,
    ) -> Result<lsp::WorkspaceDiagnosticReportResult> {
        self.route::<request::WorkspaceDiagnosticRequest>(params, handlers::workspace_diagnostic)
            .await
    }
}
