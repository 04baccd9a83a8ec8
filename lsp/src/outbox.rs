//! The one task that talks to the client on the server's behalf: publishes diagnostics
//! (only what changed since the last push), logs, messages and refresh requests, in order.

use std::collections::HashMap;

use tokio::sync::mpsc;
use tower_lsp_server::{ls_types as lsp, Client};

use crate::diagnostics::FileDiagnostics;

pub enum Outgoing {
    /// The result of push pass number `generation`: every file with something to show.
    Publish {
        generation: u64,
        files: Vec<FileDiagnostics>,
    },
    Log(lsp::MessageType, String),
    Show(lsp::MessageType, String),
    /// Ask a pulling client to pull again (settings or files on disk changed).
    RefreshDiagnostics,
    /// Ask the client to request inlay hints again (settings or files on disk changed).
    RefreshInlayHints,
    /// A step of the option index's `$/progress` ([`crate::index_job`]).
    Progress(Progress),
}

/// Work-done progress of the option index, under [`crate::index_job::TOKEN`].
pub enum Progress {
    /// `window/workDoneProgress/create`, before the first `$/progress`.
    Create,
    Begin {
        title: String,
        message: String,
    },
    Report {
        message: String,
        percentage: u32,
    },
    End {
        message: String,
    },
}

#[derive(Clone)]
pub struct Outbox {
    sender: mpsc::UnboundedSender<Outgoing>,
}

impl Outbox {
    pub fn start(client: Client) -> Outbox {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(run(client, receiver));
        Outbox { sender }
    }

    /// An outbox whose messages stay in the returned receiver (tests: no client).
    #[cfg(test)]
    pub fn unconnected() -> (Outbox, mpsc::UnboundedReceiver<Outgoing>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        (Outbox { sender }, receiver)
    }

    pub fn send(&self, message: Outgoing) {
        let _ = self.sender.send(message);
    }

    pub fn log(&self, kind: lsp::MessageType, message: impl Into<String>) {
        self.send(Outgoing::Log(kind, message.into()));
    }

    pub fn show(&self, kind: lsp::MessageType, message: impl Into<String>) {
        self.send(Outgoing::Show(kind, message.into()));
    }
}

async fn run(client: Client, mut receiver: mpsc::UnboundedReceiver<Outgoing>) {
    let mut published: HashMap<lsp::Uri, (Option<i32>, Vec<lsp::Diagnostic>)> = HashMap::new();
    let mut last_generation = 0;
    while let Some(message) = receiver.recv().await {
        match message {
            Outgoing::Publish { generation, files } => {
                if generation < last_generation {
                    continue; // a slower, older pass finished after a newer one
                }
                last_generation = generation;
                let mut current = HashMap::with_capacity(files.len());
                for file in files {
                    let entry = (file.version, file.diagnostics);
                    if published.get(&file.uri) != Some(&entry) {
                        client
                            .publish_diagnostics(file.uri.clone(), entry.1.clone(), entry.0)
                            .await;
                    }
                    current.insert(file.uri, entry);
                }
                for (uri, (_, diagnostics)) in published.drain() {
                    if !current.contains_key(&uri) && !diagnostics.is_empty() {
                        client.publish_diagnostics(uri, Vec::new(), None).await;
                    }
                }
                published = current;
            }
            Outgoing::Log(kind, message) => client.log_message(kind, message).await,
            Outgoing::Show(kind, message) => client.show_message(kind, message).await,
            Outgoing::RefreshDiagnostics => {
                let _ = client.workspace_diagnostic_refresh().await;
            }
            Outgoing::RefreshInlayHints => {
                let _ = client.inlay_hint_refresh().await;
            }
            Outgoing::Progress(progress) => send_progress(&client, progress).await,
        }
    }
}

async fn send_progress(client: &Client, progress: Progress) {
    use lsp::{
        NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress,
        WorkDoneProgressBegin, WorkDoneProgressCreateParams, WorkDoneProgressEnd,
        WorkDoneProgressReport,
    };
    let token = NumberOrString::String(crate::index_job::TOKEN.to_string());
    let value = match progress {
        Progress::Create => {
            let params = WorkDoneProgressCreateParams { token };
            let _ = client
                .send_request::<lsp::request::WorkDoneProgressCreate>(params)
                .await;
            return;
        }
        Progress::Begin { title, message } => WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title,
            cancellable: Some(false),
            message: Some(message),
            percentage: Some(0),
        }),
        Progress::Report {
            message,
            percentage,
        } => WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(message),
            percentage: Some(percentage),
        }),
        Progress::End { message } => WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(message),
        }),
    };
    client
        .send_notification::<lsp::notification::Progress>(ProgressParams {
            token,
            value: ProgressParamsValue::WorkDone(value),
        })
        .await;
}
