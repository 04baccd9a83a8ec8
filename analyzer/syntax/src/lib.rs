//! qg-syntax: the base every other qg crate stands on.
//!
//! What a flake *is* before anything is evaluated: its files (the flake root, the file set
//! git sees) as salsa inputs ([`SourceFile`], [`Workspace`]), its `qg.toml` ([`Config`]),
//! each file parsed with rnix ([`parse`], QG001), the local lints that need nothing but one
//! file's tree (scope resolution, QG002–QG005), `# qg: allow` comments, line indexes, text
//! edits, the did-you-mean every rule shares ([`suggest`]), and the types every stage
//! reports in: [`RuleId`], [`Rule`], [`Diagnostic`].
//!
//! Depends on no other qg crate. Salsa queries here take `&dyn Db`; the concrete database
//! lives in `qg-ide`.

#![deny(unreachable_pub)]

mod config;
mod db;
mod diagnostic;
mod edit;
mod files;
mod lines;
mod lint;
mod parser;
mod rule;
mod suggest;
mod suppress;

pub use config::{input_folder, Config, ConfigError, InputSettings, PackFile, CONFIG_FILE};
pub use db::{Db, SourceFile, Workspace};
pub use diagnostic::{Diagnostic, Fix, RelPath, Related, Severity, Span, Tag, TextEdit};
pub use edit::apply_edits;
pub use files::{
    find_flake_root, flake_file_set, flake_files, read_text, to_rel_string, FileKind, FileSource,
    FlakeFileSet, Link,
};
pub use lines::{line_index, LineCol, LineIndex};
pub use lint::lint_diagnostics;
pub use lint::scope::GLOBAL_NAMES;
pub use lint::scope::{
    is_global, resolve_scopes, static_attr_name, Binding, BindingKind, Reference, Resolution,
    ScopeInfo, ScopeKind, Target, Unresolved,
};
pub use parser::{parse, parse_text, Parse, SyntaxError};
pub use rowan::{TextRange, TextSize};
pub use rule::{Level, Rule, RuleId};
pub use suggest::{suggest, Cutoff};
pub use suppress::{allows, is_allowed, Allow};

/// The rules this crate implements (QG001–QG005), for the rule registry in `qg-checks`.
pub const LOCAL_RULES: [&Rule; 5] = [
    &parser::RULE,
    &lint::undefined_variable::RULE,
    &lint::unused_binding::RULE,
    &lint::duplicate_attribute::RULE,
    &lint::latent_list_nesting::RULE,
];

/// The stack of a thread that parses or evaluates (virtual memory: only what a deep
/// tree touches is ever mapped).
pub const LARGE_STACK: usize = 512 * 1024 * 1024;

/// Runs `f` on a thread with a large stack. Syntax trees of machine-written Nix can be
/// tens of thousands of levels deep, and dropping or walking them recursively needs room.
pub fn with_large_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("qg-analysis".into())
        .stack_size(LARGE_STACK)
        .spawn(f)
        .expect("cannot start the analysis thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
