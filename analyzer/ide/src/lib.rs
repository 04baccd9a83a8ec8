//! qg-ide: the front door of the analysis for `qg-check` and `qg-lsp`.
//!
//! IDE features as plain data: a file and a byte offset in, `Vec`s of plain structs out.
//!
//! Like rust-analyzer's `ide` crate, nothing here knows the LSP: the language server converts
//! positions (UTF-16) to offsets before calling in, and converts these results to LSP types.
//! Every feature reads salsa queries through `&dyn Db`, so it runs on a snapshot on any
//! thread and unwinds with `salsa::Cancelled` when an edit makes its answer stale.
//!
//! Features that need the module system (option paths, secrets, services) slot in beside the
//! local ones: completion through new [`completion::CompletionKind`] arms and sources, hover
//! and navigation through new arms of [`Definition`]. `options` reads the declarations,
//! `values` the evaluated host (merged values, definitions, inlay hints; one cached
//! evaluation per file and host), `secrets` the sops-nix secrets and the sops files' keys.

#![deny(unreachable_pub)]

mod analysis;
mod builtins;
mod completion;
mod db;
mod entities;
mod eval;
mod host;
mod hover;
mod lib_docs;
mod navigation;
mod options;
mod paths;
mod references;
mod rename;
mod secrets;
mod symbols;
mod values;

#[cfg(test)]
mod fixture;

use std::sync::Arc;

use rnix::{SyntaxKind, SyntaxNode, SyntaxToken};
use rowan::{ast::AstNode, TextRange, TextSize, TokenAtOffset};

use qg_syntax::{LineIndex, RelPath, Resolution, SourceFile};

pub use analysis::Analysis;
pub use completion::{CompletionItem, CompletionItemKind};
pub use db::{EventSink, RootDatabase};
pub use eval::{eval, EvalInput, EvalOutput, EvalRequest};
pub use host::{classic_root, read_config, FlakeHost, InputArgs, LoadError};
pub use hover::HoverResult;
pub use qg_eval::AutoCall;
pub use rename::RenameError;
pub use secrets::RENAME_REFUSAL as SECRET_RENAME_REFUSAL;
pub use symbols::{Symbol, SymbolKind, WorkspaceSymbol};
pub use values::InlayHint;

pub use qg_checks::rule;
pub use qg_nixos::{
    cache_dir, origin_name, redact_secret_values, set_cache_dir, DeclPosition, Entity, HostFacts,
    HostInfo, HostSummary, InputModel, InputNode, InputOrigin, InputTable, Note, OptionDefault,
    OptionInfo, Reference,
};
/// How a flake is found on disk, for the front ends (they ask nothing of lower crates).
pub use qg_syntax::{find_flake_root, flake_files, to_rel_string, with_large_stack, FileKind};

/// mimalloc's option `purge_delay` (`mi_option_purge_delay` in `mimalloc.h`, the same
/// index in mimalloc v2 and v3, whose option enum keeps deprecated slots to stay stable).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long the binaries' allocator keeps freed memory before giving it back to the OS.
const KEEP_FREED_MS: std::os::raw::c_long = 1000;

/// Tunes mimalloc, the allocator of `qg-check` and `qg-lsp`: freed memory is kept for a
/// second instead of 10 ms. Each host's evaluation frees what the next one allocates;
/// given back at once, every page comes back zeroed by the kernel, which was a third of a
/// one-host check. Call it first thing in `main`; it changes nothing when mimalloc is
/// not the allocator, and leaves the option alone if it is not the one expected.
pub fn tune_allocator() {
    // SAFETY: plain option calls of the C library, valid at any time.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == 10 {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, KEEP_FREED_MS);
        }
    }
}
pub use salsa::{CancellationToken, Cancelled};

/// A cursor: a file and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilePosition {
    pub file: SourceFile,
    pub offset: TextSize,
}

/// Where a navigation lands: the whole definition and the name to put the cursor on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NavigationTarget {
    /// Relative to the flake root; absolute for a file of an input outside it (an option
    /// declared in nixpkgs' `nixos/modules/...`).
    pub file: RelPath,
    pub full_range: TextRange,
    pub focus_range: TextRange,
}

/// A span of the flake as a target: the whole span is also the name.
impl From<qg_syntax::Span> for NavigationTarget {
    fn from(span: qg_syntax::Span) -> NavigationTarget {
        NavigationTarget {
            file: span.file,
            full_range: span.range,
            focus_range: span.range,
        }
    }
}

/// One file parsed and resolved for one request. Rowan trees are not `Send` and stay out of
/// salsa; building this costs one tree walk of one file.
pub(crate) struct FileAnalysis {
    pub path: RelPath,
    pub text: Arc<str>,
    pub root: SyntaxNode,
    pub resolution: Resolution,
}

impl FileAnalysis {
    pub(crate) fn new(db: &dyn Db, file: SourceFile) -> FileAnalysis {
        let parse = qg_syntax::parse(db, file);
        let root = parse.root().syntax().clone();
        let resolution = qg_syntax::resolve_scopes(&root);
        FileAnalysis {
            path: file.path(db).clone(),
            text: file.text(db).clone(),
            root,
            resolution,
        }
    }

    /// The most interesting token at `offset`: a name or path over punctuation and space,
    /// looking at both sides when the cursor sits between two tokens.
    pub(crate) fn token_at(&self, offset: TextSize) -> Option<SyntaxToken> {
        if offset > self.root.text_range().end() {
            return None;
        }
        let rank = |t: &SyntaxToken| match t.kind() {
            SyntaxKind::TOKEN_IDENT => 3,
            SyntaxKind::TOKEN_PATH_REL
            | SyntaxKind::TOKEN_PATH_ABS
            | SyntaxKind::TOKEN_PATH_HOME => 2,
            SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT => 0,
            _ => 1,
        };
        match self.root.token_at_offset(offset) {
            TokenAtOffset::None => None,
            TokenAtOffset::Single(t) => Some(t),
            TokenAtOffset::Between(left, right) => Some(if rank(&right) > rank(&left) {
                right
            } else {
                left
            }),
        }
    }

    /// 1-based line of an offset, for messages.
    pub(crate) fn line_of(&self, offset: TextSize) -> u32 {
        LineIndex::new(&self.text).line(offset) + 1
    }
}

/// What the name under the cursor denotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Definition {
    /// A local binding: index into the file's [`Resolution::bindings`].
    Local(usize),
    /// A builtin, bare (`map`) or selected (`builtins.map`).
    Builtin(&'static builtins::Builtin),
    /// A name an enclosing `with` provides (which one is unknown until evaluation).
    With(String),
    /// A name nothing defines.
    Undefined(String),
    /// A relative path literal (`./modules/traefik.nix`), as written.
    Path(String),
}

/// Classifies the token at the cursor; `None` when it names nothing.
pub(crate) fn classify(
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<(TextRange, Definition)> {
    use qg_syntax::Target;
    let token = analysis.token_at(offset)?;
    let range = token.text_range();
    match token.kind() {
        SyntaxKind::TOKEN_PATH_REL => {
            let node = token.parent()?;
            let literal_only = node.children().next().is_none();
            return literal_only
                .then(|| (node.text_range(), Definition::Path(node.text().to_string())));
        }
        SyntaxKind::TOKEN_IDENT => {}
        _ => return None,
    }
    if let Some(id) = analysis
        .resolution
        .bindings
        .iter()
        .position(|b| b.name_ranges.contains(&range))
    {
        return Some((range, Definition::Local(id)));
    }
    if let Some(reference) = analysis
        .resolution
        .references
        .iter()
        .find(|r| r.range == range)
    {
        let definition = match reference.target {
            Target::Binding(id) => Definition::Local(id),
            Target::Global => Definition::Builtin(builtins::lookup(&reference.name)?),
            Target::With => Definition::With(reference.name.clone()),
            Target::Unresolved => Definition::Undefined(reference.name.clone()),
        };
        return Some((range, definition));
    }
    // `builtins.name`: the attribute of a selection from the global `builtins`.
    let ident = token.parent()?;
    let attrpath = ident
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_ATTRPATH)?;
    let select = rnix::ast::Select::cast(attrpath.parent()?)?;
    let first = rnix::ast::Attrpath::cast(attrpath)?.attrs().next()?;
    if first.syntax() != &ident {
        return None;
    }
    let rnix::ast::Expr::Ident(base) = select.expr()? else {
        return None;
    };
    let base_is_builtins = analysis.resolution.references.iter().any(|r| {
        r.range == base.syntax().text_range() && r.name == "builtins" && r.target == Target::Global
    });
    if !base_is_builtins {
        return None;
    }
    Some((range, Definition::Builtin(builtins::lookup(token.text())?)))
}

/// The query trait of `qg-ide`: everything of `qg-checks`, plus the IDE's own queries.
#[salsa::db]
pub trait Db: qg_checks::Db {}

#[cfg(test)]
mod allocator_tests {
    /// The option index is mimalloc's purge delay: its documented default is 10 ms, and
    /// after tuning it reads back as the second qg keeps freed memory.
    #[test]
    fn tuning_sets_the_purge_delay() {
        super::tune_allocator();
        // SAFETY: a plain option read.
        let now = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(now, super::KEEP_FREED_MS);
    }
}
