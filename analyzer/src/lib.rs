//! qg's analyzer: everything qg understands about Nix and the fleet, as plain data.
//!
//! Stages, in data-flow order (see `docs/architecture.md`):
//! [`files`] (flake root, file set) → [`db`] (salsa inputs) → [`syntax`] (parse, QG001) →
//! [`lint`] (local lints, QG002–QG004) → [`check`] (levels, suppression) → [`diagnostic`].
//! [`host::FlakeHost`] ties them together for the CLI and the language server.

pub mod check;
pub mod checks;
pub mod config;
pub mod db;
pub mod diagnostic;
pub mod edit;
pub mod eval;
pub mod facts;
pub mod files;
pub mod flake;
pub mod host;
pub mod ide;
pub mod line_index;
pub mod lint;
pub mod modules;
pub mod rules;
pub mod sops;
pub mod suppress;
pub mod syntax;

pub use diagnostic::{Diagnostic, Fix, RelPath, Related, Severity, Span, Tag, TextEdit};
pub use host::{FlakeHost, FlakeSnapshot, LoadError};
pub use rowan::{TextRange, TextSize};
pub use rules::{Level, Rule, RuleId};

/// Runs `f` on a thread with a large stack. Syntax trees of machine-written Nix can be
/// tens of thousands of levels deep, and dropping or walking them recursively needs room.
pub fn with_large_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    const STACK: usize = 512 * 1024 * 1024;
    std::thread::Builder::new()
        .name("qg-analysis".into())
        .stack_size(STACK)
        .spawn(f)
        .expect("cannot start the analysis thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
