//! The request router: every request the server answers becomes a job through
//! `Server::route`, keyed on its `ls_types` request type (method name, params, result), with
//! the document it is about read from the params by `RequestDocument`. Also qg's own
//! requests as request types.

use serde_json::Value;
use tower_lsp_server::{
    jsonrpc::{Error, Result},
    ls_types as lsp,
    ls_types::request::Request,
};

use crate::convert::uri_to_path;
use crate::job::new_job;
use crate::server::Server;
use crate::snapshot::Snapshot;
use crate::state::Task;

/// The document a request is about, if any: a retried request whose document changed
/// meanwhile is answered `ContentModified`.
pub trait RequestDocument {
    fn document(&self) -> Option<&lsp::Uri>;
}

/// `RequestDocument` for params that carry their document at a field path.
macro_rules! document_at {
    ($($params:ty => $($field:ident).+;)*) => {
        $(impl RequestDocument for $params {
            fn document(&self) -> Option<&lsp::Uri> {
                Some(&self.$($field).+)
            }
        })*
    };
}

/// `RequestDocument` for params about no document in particular.
macro_rules! no_document {
    ($($params:ty),* $(,)?) => {
        $(impl RequestDocument for $params {
            fn document(&self) -> Option<&lsp::Uri> {
                None
            }
        })*
    };
}

document_at! {
    lsp::HoverParams => text_document_position_params.text_document.uri;
    lsp::CompletionParams => text_document_position.text_document.uri;
    lsp::GotoDefinitionParams => text_document_position_params.text_document.uri;
    lsp::ReferenceParams => text_document_position.text_document.uri;
    lsp::TextDocumentPositionParams => text_document.uri;
    lsp::RenameParams => text_document_position.text_document.uri;
    lsp::DocumentSymbolParams => text_document.uri;
    lsp::InlayHintParams => text_document.uri;
    lsp::CodeActionParams => text_document.uri;
    lsp::DocumentDiagnosticParams => text_document.uri;
}

no_document!(
    lsp::WorkspaceSymbolParams,
    lsp::WorkspaceDiagnosticParams,
    (),
    Value,
);

/// `qg/listHosts`: no params (`null` or absent), the sorted host names.
pub enum ListHosts {}

impl Request for ListHosts {
    type Params = ();
    type Result = Vec<String>;
    const METHOD: &'static str = "qg/listHosts";
}

/// `qg/debugPanic`: a job that panics.
pub enum DebugPanic {}

impl Request for DebugPanic {
    type Params = Value;
    type Result = Value;
    const METHOD: &'static str = "qg/debugPanic";
}

/// `qg/debugSlow {"millis": n}`: a job that runs for `n` ms.
pub enum DebugSlow {}

impl Request for DebugSlow {
    type Params = Value;
    type Result = Value;
    const METHOD: &'static str = "qg/debugSlow";
}

impl Server {
    /// Runs `handler` on a snapshot on the pool and waits for its answer. The handler may run
    /// again after a salsa cancellation (an edit arrived), so it borrows the params. Dropping
    /// this future (the client sent `$/cancelRequest`) cancels the job.
    pub async fn route<R>(
        &self,
        params: R::Params,
        handler: impl Fn(&Snapshot, &R::Params) -> Result<R::Result> + Send + 'static,
    ) -> Result<R::Result>
    where
        R: Request,
        R::Params: RequestDocument,
    {
        let document = params.document().and_then(uri_to_path);
        let (job, answer, mut guard) = new_job(R::METHOD, document, move |s| handler(s, &params));
        self.send(Task::Request(job));
        let result = answer.await;
        guard.answered = true;
        result.unwrap_or_else(|_| Err(Error::request_cancelled()))
    }
}
