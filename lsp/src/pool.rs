//! Worker threads that run analysis off the async runtime.
//!
//! Each worker has a large stack for the same reason as `qg_ide::with_large_stack`:
//! machine-written Nix nests deeply, and dropping or hashing its trees recurses. A panic in a
//! job is caught here so the worker lives on; jobs report their own failures.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Stack of each worker; virtual memory, touched only as deep as a job recurses.
const STACK: usize = qg_syntax::LARGE_STACK;

pub type Work = Box<dyn FnOnce() + Send + 'static>;

#[derive(Clone)]
pub struct Pool {
    sender: mpsc::Sender<Work>,
}

impl Pool {
    pub fn new(threads: usize) -> Pool {
        let (sender, receiver) = mpsc::channel::<Work>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..threads.max(1) {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("qg-worker-{i}"))
                .stack_size(STACK)
                .spawn(move || loop {
                    let next = receiver.lock().map(|r| r.recv());
                    let Ok(Ok(work)) = next else { return };
                    // Jobs catch their own panics to answer the client; this is the backstop.
                    let _ = catch_unwind(AssertUnwindSafe(work));
                })
                .expect("cannot start a worker thread");
        }
        Pool { sender }
    }

    pub fn spawn(&self, work: impl FnOnce() + Send + 'static) {
        let _ = self.sender.send(Box::new(work));
    }
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
