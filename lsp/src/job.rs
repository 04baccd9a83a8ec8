//! A request on its way through the server: typed on the async side, type-erased in the
//! state loop and the pool, and cancellable from either end.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;
use tower_lsp_server::jsonrpc;

use qg_ide::CancellationToken;

use crate::snapshot::Snapshot;

/// A request's computation, run on a snapshot. `run` may be called again after a salsa
/// cancellation (an edit arrived); it answers through its reply channel only on success.
pub trait Request: Send {
    fn method(&self) -> &'static str;
    fn run(&mut self, snapshot: &Snapshot);
    fn fail(&mut self, error: jsonrpc::Error);
}

struct Typed<T, F> {
    method: &'static str,
    compute: F,
    reply: Option<oneshot::Sender<jsonrpc::Result<T>>>,
}

impl<T, F> Request for Typed<T, F>
where
    T: Send + 'static,
    F: FnMut(&Snapshot) -> jsonrpc::Result<T> + Send + 'static,
{
    fn method(&self) -> &'static str {
        self.method
    }

    fn run(&mut self, snapshot: &Snapshot) {
        let result = (self.compute)(snapshot);
        if let Some(reply) = self.reply.take() {
            let _ = reply.send(result);
        }
    }

    fn fail(&mut self, error: jsonrpc::Error) {
        if let Some(reply) = self.reply.take() {
            let _ = reply.send(Err(error));
        }
    }
}

/// Shared between the waiting handler and the job: set when the client cancels
/// (`$/cancelRequest` drops the handler's future) so the job stops or never starts.
#[derive(Default)]
pub struct Cancellation {
    cancelled: AtomicBool,
    tokens: Mutex<Vec<CancellationToken>>,
}

impl Cancellation {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// Makes queries running on the job's snapshot unwind. Returns false if the request was
    /// already cancelled (the job must not start).
    pub fn attach(&self, tokens: Vec<CancellationToken>) -> bool {
        let mut held = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *held = tokens;
        !self.is_cancelled()
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        let held = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        for token in held.iter() {
            token.cancel();
        }
    }
}

/// A request as the state loop and the pool see it.
pub struct Job {
    pub request: Box<dyn Request>,
    pub cancellation: Arc<Cancellation>,
    /// The document the request is about, and its version when the request arrived: a
    /// retried request whose document changed meanwhile is answered `ContentModified`.
    pub document: Option<(std::path::PathBuf, Option<i32>)>,
    pub attempts: u32,
}

/// Cancels the job when the handler's future is dropped before it got its answer.
pub struct CancelOnDrop {
    pub cancellation: Arc<Cancellation>,
    pub answered: bool,
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if !self.answered {
            self.cancellation.cancel();
        }
    }
}

pub fn new_job<T, F>(
    method: &'static str,
    document: Option<std::path::PathBuf>,
    compute: F,
) -> (Job, oneshot::Receiver<jsonrpc::Result<T>>, CancelOnDrop)
where
    T: Send + 'static,
    F: FnMut(&Snapshot) -> jsonrpc::Result<T> + Send + 'static,
{
    let (reply, receiver) = oneshot::channel();
    let cancellation = Arc::new(Cancellation::default());
    let job = Job {
        request: Box::new(Typed {
            method,
            compute,
            reply: Some(reply),
        }),
        cancellation: Arc::clone(&cancellation),
        document: document.map(|d| (d, None)),
        attempts: 0,
    };
    let guard = CancelOnDrop {
        cancellation,
        answered: false,
    };
    (job, receiver, guard)
}
