//! `qg-lsp`: the language server of qg, over stdio.
//!
//! Threads: tokio runs the protocol (`server`), one state thread owns the analysis hosts
//! (`state`), a pool of large-stack workers computes answers on snapshots (`pool`), and one
//! task talks back to the client (`outbox`). See `docs/lsp.md`.

use tower_lsp_server::ls_types::request::Request;

mod capabilities;
mod convert;
mod diagnostics;
mod discover;
mod handlers;
mod index_job;
mod job;
mod outbox;
mod pool;
mod router;
mod server;
mod settings;
mod snapshot;
mod state;
mod watcher;

use std::process::ExitCode;

use tower_lsp_server::{LspService, Server};

const HELP: &str = "\
qg-lsp: language server for flake-based NixOS fleets

Usage: qg-lsp [--stdio]

Speaks the Language Server Protocol on standard input and output; editors start it.
Settings come from the client (section `qg`); see docs/lsp.md.

Options:
  --stdio      accepted for clients that always pass it (stdio is the only transport)
  --version    print the version and exit
  -h, --help   print this help and exit
";

/// Requests tower-lsp may run at once; most only wait for a worker, and a low limit would
/// hold back the edits queued behind them.
const CONCURRENT_REQUESTS: usize = 64;

/// Evaluation allocates and frees many small values; mimalloc does that faster than the
/// system allocator (about 12% of a re-check).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    qg_ide::tune_allocator();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--version" | "-V" => {
                println!("qg-lsp {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "--help" | "-h" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "--stdio" => {}
            other => {
                eprintln!("qg-lsp: unknown argument `{other}`\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("qg-lsp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve());
    // tokio's stdin reader is a blocking thread stuck in `read` until the client closes the
    // pipe; waiting for it would keep the process alive after `exit`.
    runtime.shutdown_background();
    ExitCode::SUCCESS
}

async fn serve() {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2);
    let pool = pool::Pool::new(workers);
    let (service, socket) = LspService::build(|client| {
        let outbox = outbox::Outbox::start(client.clone());
        let (tasks, receiver) = std::sync::mpsc::channel();
        let state = state::State::new(pool.clone(), outbox.clone(), tasks.clone());
        std::thread::Builder::new()
            .name("qg-state".into())
            .stack_size(qg_syntax::LARGE_STACK)
            .spawn(move || state.run(receiver))
            .expect("cannot start the state thread");
        server::Server::new(client, tasks, outbox)
    })
    .custom_method(router::ListHosts::METHOD, server::Server::list_hosts)
    .custom_method(router::DebugPanic::METHOD, server::Server::debug_panic)
    .custom_method(router::DebugSlow::METHOD, server::Server::debug_slow)
    .finish();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .concurrency_level(CONCURRENT_REQUESTS)
        .serve(ExitOnExit(service))
        .await;
}

/// Ends the process shortly after the `exit` notification. tower-lsp's `serve` returns only
/// when every handler future and client request has settled, which a request to the client
/// racing with shutdown can delay indefinitely; an editor waits for the process to end.
struct ExitOnExit<S>(S);

impl<S> tower::Service<tower_lsp_server::jsonrpc::Request> for ExitOnExit<S>
where
    S: tower::Service<tower_lsp_server::jsonrpc::Request>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: tower_lsp_server::jsonrpc::Request) -> S::Future {
        if request.method() == "exit" {
            std::thread::spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(100));
                std::process::exit(0);
            });
        }
        self.0.call(request)
    }
}
