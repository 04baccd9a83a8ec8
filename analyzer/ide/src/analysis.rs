//! The `Analysis` facade: one method per feature, plain arguments in, plain data out.
//!
//! `qg-check` and `qg-lsp` ask everything through these methods and never call a salsa
//! query, the evaluator or a lower crate themselves. A file is named by its [`SourceFile`]
//! handle (from [`Analysis::file`]) and a cursor by a [`FilePosition`]; results are the
//! plain structs of this crate and of `qg-syntax` ([`Diagnostic`], [`Span`], [`TextEdit`]).
//! `host` picks the host whose evaluation answers (every host's when `None`).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rowan::TextRange;

use qg_nixos::{HostFacts, HostName, HostSummary};
use qg_syntax::{
    to_rel_string, Diagnostic, LineIndex, RelPath, SourceFile, Span, TextEdit, Workspace,
};

use crate::{
    CompletionItem, FilePosition, HoverResult, InlayHint, NavigationTarget, RenameError,
    RootDatabase, Symbol, WorkspaceSymbol,
};

/// A frozen view of a [`FlakeHost`] that can move to another thread (see [`FlakeHost::snapshot`]).
#[derive(Clone)]
pub struct Analysis {
    db: RootDatabase,
    workspace: Workspace,
}

impl Analysis {
    pub(crate) fn new(db: RootDatabase, workspace: Workspace) -> Analysis {
        Analysis { db, workspace }
    }

    pub fn root(&self) -> &Path {
        self.workspace.root(&self.db)
    }

    /// The database and the workspace input, for this crate's tests and benchmarks (as
    /// rust-analyzer's `raw_database`): front ends ask the methods below, never a query.
    pub fn raw_database(&self) -> &RootDatabase {
        &self.db
    }

    pub fn workspace(&self) -> Workspace {
        self.workspace
    }

    pub(crate) fn db(&self) -> &RootDatabase {
        &self.db
    }

    pub(crate) fn db_mut(&mut self) -> &mut RootDatabase {
        &mut self.db
    }

    /// The file at a path relative to the flake root.
    pub fn file(&self, rel_path: &str) -> Option<SourceFile> {
        self.workspace.file(&self.db, rel_path)
    }

    /// Every file of the flake, sorted by path.
    pub fn files(&self) -> &[SourceFile] {
        self.workspace.files(&self.db)
    }

    /// Relative paths of every file, sorted.
    pub fn paths(&self) -> Vec<RelPath> {
        self.files().iter().map(|&f| self.path(f).clone()).collect()
    }

    /// The text of the file at a path relative to the flake root.
    pub fn text(&self, rel_path: &str) -> Option<Arc<str>> {
        Some(self.source(self.file(rel_path)?).clone())
    }

    /// The path of `abs` relative to the flake root, if it lies inside the flake.
    pub fn relative_path(&self, abs: &Path) -> Option<RelPath> {
        let rel = abs.strip_prefix(self.root()).ok()?;
        Some(to_rel_string(rel).into())
    }

    /// A token that makes queries running on this snapshot unwind with [`Cancelled`](crate::Cancelled)
    /// (an editor cancelled the request that runs them).
    pub fn cancellation_token(&self) -> salsa::CancellationToken {
        use salsa::Database;
        self.db.cancellation_token()
    }
}

impl Analysis {
    /// Reported findings of one file (after `qg.toml` levels and `# qg: allow`).
    pub fn diagnostics(&self, file: SourceFile) -> &[Diagnostic] {
        qg_checks::reported_file_diagnostics(self.db(), self.workspace(), file)
    }

    /// Every reported finding of the flake, sorted by file and position.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        self.evaluate_hosts();
        qg_checks::workspace_diagnostics(self.db(), self.workspace())
    }

    /// Evaluates every host of the flake that is not evaluated yet, on as many threads as
    /// the machine has cores (at most one a host), so that the diagnostics asked next find
    /// each host's report ready. Hosts are independent evaluations (an evaluator each), so
    /// a fleet is where a check can use every core. A spawned thread whose query an edit
    /// cancels stops quietly; the caller's query unwinds with [`Cancelled`](crate::Cancelled).
    pub fn evaluate_hosts(&self) {
        let names = self.host_names();
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(names.len());
        if workers < 2 {
            return;
        }
        let next = AtomicUsize::new(0);
        let evaluate = |view: &Analysis| {
            while let Some(name) = names.get(next.fetch_add(1, Ordering::Relaxed)) {
                let host = HostName::new(view.db(), name.clone());
                qg_nixos::host_report(view.db(), view.workspace(), host);
            }
        };
        std::thread::scope(|scope| {
            // The caller is one of the workers: after an edit, the one host to evaluate
            // again is usually taken by it, on its warm allocator heap, not by a new thread.
            for _ in 1..workers {
                let (view, evaluate) = (self.clone(), &evaluate);
                let spawned = std::thread::Builder::new()
                    .name("qg-host".into())
                    .stack_size(qg_syntax::LARGE_STACK)
                    .spawn_scoped(scope, move || {
                        let _ = salsa::Cancelled::catch(|| evaluate(&view));
                    });
                // Without a thread, the caller evaluates the hosts alone.
                drop(spawned);
            }
            evaluate(self);
        });
    }

    pub fn hover(&self, position: FilePosition, host: Option<&str>) -> Option<HoverResult> {
        crate::hover::hover(self.db(), self.workspace(), host, position)
    }

    /// Completion items at the cursor, most relevant first.
    pub fn complete(&self, position: FilePosition, host: Option<&str>) -> Vec<CompletionItem> {
        crate::completion::complete(self.db(), self.workspace(), host, position)
    }

    pub fn goto_definition(
        &self,
        position: FilePosition,
        host: Option<&str>,
    ) -> Vec<NavigationTarget> {
        crate::navigation::goto_definition(self.db(), self.workspace(), host, position)
    }

    /// Uses of what the cursor names: across the fleet for option paths, services,
    /// secrets, middlewares and units; in the file for a local binding (with its
    /// definitions when `include_declaration`). `None` when it names nothing known.
    pub fn references(
        &self,
        position: FilePosition,
        host: Option<&str>,
        include_declaration: bool,
    ) -> Option<Vec<Span>> {
        crate::references::fleet_references(self.db(), self.workspace(), host, position)
            .or_else(|| crate::navigation::references(self.db(), position, include_declaration))
    }

    /// The range a rename would replace, or why nothing there can be renamed.
    pub fn prepare_rename(&self, position: FilePosition) -> Result<TextRange, RenameError> {
        crate::rename::prepare_rename(self.db(), position)
    }

    /// The edits of a rename: a service in every file that names it, a local binding in
    /// its file.
    pub fn rename(
        &self,
        position: FilePosition,
        new_name: &str,
    ) -> Result<Vec<TextEdit>, RenameError> {
        crate::rename::rename(self.db(), self.workspace(), position, new_name)
    }

    pub fn document_symbols(&self, file: SourceFile) -> &[Symbol] {
        crate::symbols::document_symbols(self.db(), file)
    }

    pub fn workspace_symbols(&self, query: &str) -> Vec<WorkspaceSymbol> {
        crate::symbols::workspace_symbols(self.db(), self.workspace(), query)
    }

    /// `= value` hints after `config.a.b` selections within `range` (the whole file when
    /// `None`).
    pub fn inlay_hints(
        &self,
        file: SourceFile,
        host: Option<&str>,
        range: Option<TextRange>,
    ) -> Vec<InlayHint> {
        crate::values::inlay_hints(self.db(), self.workspace(), host, file, range)
    }

    /// The hosts of `nixosConfigurations`, in the flake's order.
    pub fn host_names(&self) -> Vec<String> {
        qg_nixos::host_names(self.db(), self.workspace())
    }

    /// Hosts of outputs qg does not check (`darwinConfigurations.mac`), for the notes
    /// that say so.
    pub fn unchecked_hosts(&self) -> Vec<String> {
        qg_nixos::flake_hosts(self.db(), self.workspace())
            .unchecked
            .clone()
    }

    /// Each host with what its evaluation read (for `--list-hosts`).
    pub fn hosts(&self) -> Vec<HostSummary> {
        self.evaluate_hosts();
        qg_nixos::host_summaries(self.db(), self.workspace())
    }

    /// The flake's inputs: where each was found (store, override, `path:`), which qg models,
    /// and why the others are missing.
    pub fn inputs(&self) -> &qg_nixos::InputTable {
        qg_nixos::input_table(self.db(), self.workspace())
    }

    /// What `qg-check show HOST OPTION` prints: the merged value and, with `definitions`,
    /// every definition. `Err` names what was not found.
    pub fn show(&self, host: &str, option: &str, definitions: bool) -> Result<String, String> {
        qg_nixos::show_option(self.db(), self.workspace(), host, option, definitions)
    }

    /// What the knowledge packs found on a host; `Err` lists the hosts when it has none.
    pub fn facts(&self, host: &str) -> Result<&HostFacts, String> {
        let names = self.host_names();
        if !names.iter().any(|n| n == host) {
            return Err(format!("no host `{host}`; hosts: {}", names.join(", ")));
        }
        let name = HostName::new(self.db(), host.to_string());
        Ok(&qg_nixos::host_report(self.db(), self.workspace(), name).facts)
    }

    /// Every option `host` declares (NixOS's own too, when its nixpkgs is read), sorted
    /// by path, with type, default and declaring files: what `qg-check options` lists.
    /// `Err` lists the hosts when it has none.
    pub fn options(&self, host: &str) -> Result<Vec<qg_nixos::OptionInfo>, String> {
        let names = self.host_names();
        if !names.iter().any(|n| n == host) {
            return Err(format!("no host `{host}`; hosts: {}", names.join(", ")));
        }
        // Declared options only (not the paths the knowledge packs name).
        Ok(
            qg_nixos::option_index(self.db(), self.workspace(), Some(host))
                .iter()
                .filter(|o| !o.declarations.is_empty())
                .cloned()
                .collect(),
        )
    }

    /// How many options [`Analysis::options`] lists for `host`, without copying them.
    pub fn option_count(&self, host: &str) -> usize {
        qg_nixos::option_index(self.db(), self.workspace(), Some(host))
            .iter()
            .filter(|o| !o.declarations.is_empty())
            .count()
    }

    /// A file's path relative to the flake root.
    pub fn path(&self, file: SourceFile) -> &RelPath {
        file.path(self.db())
    }

    /// A file's text as the analysis sees it (an editor's overlay, or the disk's).
    pub fn source(&self, file: SourceFile) -> &Arc<str> {
        file.text(self.db())
    }

    /// Line starts of a file, for turning offsets into lines and columns.
    pub fn line_index(&self, file: SourceFile) -> &LineIndex {
        qg_syntax::line_index(self.db(), file)
    }

    /// Parses every file and counts the syntax errors (the stage `--timings` shows).
    pub fn parse_all(&self) -> usize {
        let db = self.db();
        self.files()
            .iter()
            .map(|&f| qg_syntax::parse(db, f).errors.len())
            .sum()
    }

    /// Makes every query running on this snapshot unwind now if an edit has cancelled it
    /// (long requests call it between steps).
    pub fn check_cancelled(&self) {
        use salsa::Database;
        self.db().unwind_if_revision_cancelled();
    }
}
