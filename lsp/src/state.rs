//! The state loop: one thread owns every `FlakeHost` (the only mutable state) and handles
//! editor events strictly in arrival order. Reads never happen here: each request gets a
//! snapshot and runs on the pool, so a slow request never delays an edit, and an edit
//! cancels the stale work still running (salsa unwinds it with `Cancelled`).
//!
//! Diagnostics are debounced: an edit moves the next push pass `debounce_ms` into the
//! future, so a burst of keystrokes yields one pass on the final text.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tower_lsp_server::{jsonrpc, ls_types as lsp};

use qg_ide::{Cancelled, FileKind, FlakeHost};
use qg_syntax::{Config, LineIndex, CONFIG_FILE};

use crate::convert::FileText;
use crate::job::Job;
use crate::outbox::{Outbox, Outgoing};
use crate::pool::{panic_message, Pool};
use crate::settings::Settings;
use crate::snapshot::Snapshot;
use crate::{diagnostics, discover};

/// A retried request gives up after this many cancellations by edits.
const MAX_ATTEMPTS: u32 = 5;

pub enum Task {
    Initialize {
        folders: Vec<PathBuf>,
        settings: serde_json::Value,
        pull_diagnostics: bool,
        refresh_support: bool,
        /// The client can be asked to request inlay hints again.
        inlay_hint_refresh: bool,
        /// The client shows `$/progress` (`window.workDoneProgress`).
        work_done_progress: bool,
    },
    Open {
        path: PathBuf,
        version: i32,
        text: String,
    },
    Change {
        path: PathBuf,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    },
    Close {
        path: PathBuf,
    },
    /// The client has the reply to `initialize` (`initialized`): messages to it now
    /// arrive (tower-lsp drops the server's requests and notifications before).
    Initialized,
    /// Files created, changed or deleted on disk: each is read again (or dropped).
    DiskChanges(Vec<PathBuf>),
    Settings(serde_json::Value),
    Request(Job),
    Retry(Job),
    /// Roots of the flakes, for a file poller (answered on the given channel).
    Roots(std::sync::mpsc::Sender<Vec<PathBuf>>),
}

struct Flake {
    host: FlakeHost,
    /// `qg.toml` as read; the editor's rule settings apply on top.
    base_config: Config,
    /// A folder outside any flake, holding files opened alone (local lints only).
    detached: bool,
}

pub struct State {
    flakes: Vec<Flake>,
    /// Open documents and their versions (shared with snapshots).
    versions: Arc<HashMap<PathBuf, i32>>,
    settings: Settings,
    /// `initializationOptions`; settings pulled later override its keys.
    initial_settings: serde_json::Value,
    pull_diagnostics: bool,
    refresh_support: bool,
    inlay_hint_refresh: bool,
    /// The client shows `$/progress` (`window.workDoneProgress`).
    work_done_progress: bool,
    rule_docs: Option<Arc<PathBuf>>,
    pool: Pool,
    outbox: Outbox,
    tasks: Sender<Task>,
    diagnostics_due: Option<Instant>,
    generation: u64,
}

impl State {
    pub fn new(pool: Pool, outbox: Outbox, tasks: Sender<Task>) -> State {
        State {
            flakes: Vec::new(),
            versions: Arc::default(),
            settings: Settings::default(),
            initial_settings: serde_json::Value::Null,
            pull_diagnostics: false,
            refresh_support: false,
            inlay_hint_refresh: false,
            work_done_progress: false,
            rule_docs: diagnostics::find_rule_docs().map(Arc::new),
            pool,
            outbox,
            tasks,
            diagnostics_due: None,
            generation: 0,
        }
    }

    /// Handles tasks until every sender is gone (the server shut down).
    pub fn run(mut self, receiver: Receiver<Task>) {
        loop {
            if self
                .diagnostics_due
                .is_some_and(|due| due <= Instant::now())
            {
                self.start_push_pass();
            }
            let task = match self.diagnostics_due {
                Some(due) => {
                    match receiver.recv_timeout(due.saturating_duration_since(Instant::now())) {
                        Ok(task) => task,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                None => match receiver.recv() {
                    Ok(task) => task,
                    Err(_) => return,
                },
            };
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.handle(task))) {
                self.outbox.log(
                    lsp::MessageType::ERROR,
                    format!(
                        "qg-lsp: internal error while applying an event: {}",
                        panic_message(&*panic)
                    ),
                );
            }
        }
    }

    fn handle(&mut self, task: Task) {
        match task {
            Task::Initialize {
                folders,
                settings,
                pull_diagnostics,
                refresh_support,
                inlay_hint_refresh,
                work_done_progress,
            } => {
                self.pull_diagnostics = pull_diagnostics;
                self.refresh_support = refresh_support;
                self.inlay_hint_refresh = inlay_hint_refresh;
                self.work_done_progress = work_done_progress;
                self.initial_settings = settings;
                self.apply_settings(&serde_json::Value::Null);
                for root in discover::flake_roots(&folders) {
                    self.load_flake(&root);
                }
                self.schedule_diagnostics(Duration::ZERO);
            }
            // The index's progress is a request to the client (`create`): sent before the
            // reply to `initialize`, it would be dropped and its `$/progress` unknown.
            Task::Initialized => self.start_option_index(self.work_done_progress),
            Task::Open {
                path,
                version,
                text,
            } => {
                Arc::make_mut(&mut self.versions).insert(path.clone(), version);
                if let Some((i, rel)) = self.owner(&path) {
                    self.flakes[i].host.set_text(&rel, text.into());
                }
                self.schedule_diagnostics(Duration::ZERO);
            }
            Task::Change {
                path,
                version,
                changes,
            } => {
                Arc::make_mut(&mut self.versions).insert(path.clone(), version);
                if let Some((i, rel)) = self.owner(&path) {
                    let host = &mut self.flakes[i].host;
                    let old = host.text(&rel).unwrap_or_default();
                    let new = apply_changes(&old, changes);
                    host.set_text(&rel, new.into());
                }
                self.schedule_diagnostics(Duration::from_millis(self.settings.debounce_ms));
            }
            Task::Close { path } => {
                Arc::make_mut(&mut self.versions).remove(&path);
                if let Some((i, rel)) = self.owner(&path) {
                    self.flakes[i].host.reload_from_disk(&rel);
                }
                self.schedule_diagnostics(Duration::ZERO);
            }
            Task::DiskChanges(paths) => self.disk_changes(paths),
            Task::Settings(value) => {
                self.apply_settings(&value);
                self.refresh_pulled();
                self.schedule_diagnostics(Duration::ZERO);
            }
            Task::Request(job) => self.dispatch(job),
            Task::Retry(job) => self.dispatch(job),
            Task::Roots(reply) => {
                let roots = self
                    .flakes
                    .iter()
                    .map(|f| f.host.root().to_path_buf())
                    .filter(|r| r.join("flake.nix").is_file())
                    .collect();
                let _ = reply.send(roots);
            }
        }
    }

    fn load_flake(&mut self, root: &Path) {
        if self.flakes.iter().any(|f| f.host.root() == root) {
            return;
        }
        let started = Instant::now();
        let base_config = match qg_ide::read_config(root) {
            Ok(config) => config,
            Err(e) => {
                self.outbox.show(
                    lsp::MessageType::ERROR,
                    format!("qg: {e}; using the default configuration"),
                );
                Config::default()
            }
        };
        match FlakeHost::load(root, Default::default()) {
            Ok(mut host) => {
                host.set_config(self.settings.apply(&base_config, root));
                self.outbox.log(
                    lsp::MessageType::INFO,
                    format!(
                        "qg: loaded flake {} ({} files, {:.1} ms)",
                        root.display(),
                        host.paths().len(),
                        started.elapsed().as_secs_f64() * 1000.0
                    ),
                );
                self.flakes.push(Flake {
                    host,
                    base_config,
                    detached: false,
                });
            }
            Err(e) => self
                .outbox
                .show(lsp::MessageType::ERROR, format!("qg: {e}")),
        }
    }

    /// The flake a file belongs to (its nearest root), loading a flake seen for the first
    /// time; a file in no flake goes to a detached host rooted at its own folder.
    fn owner(&mut self, path: &Path) -> Option<(usize, String)> {
        let nearest = |flakes: &[Flake]| {
            flakes
                .iter()
                .enumerate()
                .filter(|(_, f)| !f.detached && path.starts_with(f.host.root()))
                .max_by_key(|(_, f)| f.host.root().as_os_str().len())
                .map(|(i, _)| i)
        };
        let mut found = nearest(&self.flakes);
        if found.is_none() {
            if let Some(root) = qg_ide::find_flake_root(path) {
                self.load_flake(&root);
                found = nearest(&self.flakes);
            }
        }
        let i = match found {
            Some(i) => i,
            None => self.detached_owner(path.parent().unwrap_or(Path::new("/"))),
        };
        let rel = self.flakes[i].host.relative_path(path)?;
        Some((i, rel.to_string()))
    }

    /// The detached host of a folder outside any flake, made on first use.
    fn detached_owner(&mut self, folder: &Path) -> usize {
        if let Some(i) = self
            .flakes
            .iter()
            .position(|f| f.detached && f.host.root() == folder)
        {
            return i;
        }
        self.flakes.push(Flake {
            host: FlakeHost::detached(folder),
            base_config: Config::default(),
            detached: true,
        });
        let i = self.flakes.len() - 1;
        let config = self.settings.apply(&Config::default(), folder);
        self.flakes[i].host.set_config(config);
        i
    }

    fn disk_changes(&mut self, paths: Vec<PathBuf>) {
        let any = !paths.is_empty();
        let mut config_changed = false;
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == CONFIG_FILE {
                config_changed |= self.reload_config(&path);
                continue;
            }
            if name == "flake.lock" {
                // The lock is read with the configuration: new inputs, new store paths.
                if let Some(root) = path.parent() {
                    config_changed |= self.reload_config(&root.join(CONFIG_FILE));
                }
                continue;
            }
            if let Some(config) = self.pack_owner(&path) {
                config_changed |= self.reload_config(&config);
                continue;
            }
            if name == "flake.nix" && path.is_file() {
                if let Some(root) = path.parent() {
                    self.load_flake(root);
                }
            }
            if self.versions.contains_key(&path) {
                continue; // the editor's text wins while the document is open
            }
            let rel = path.to_string_lossy();
            if FileKind::of(&rel).is_none() {
                continue; // flake.lock and the like: nothing reads them yet
            }
            let known = self.flakes.iter().any(|f| path.starts_with(f.host.root()));
            if !known {
                continue;
            }
            if let Some((i, rel)) = self.owner(&path) {
                self.flakes[i].host.reload_from_disk(&rel);
            }
        }
        if config_changed {
            self.refresh_pulled();
        } else if any && self.inlay_hint_refresh {
            self.outbox.send(Outgoing::RefreshInlayHints);
        }
        self.schedule_diagnostics(Duration::ZERO);
    }

    /// The `qg.toml` of the flake whose `packs` name `path` (a pack file or a file in a pack
    /// directory).
    fn pack_owner(&self, path: &Path) -> Option<PathBuf> {
        if path.extension().is_none_or(|e| e != "toml") {
            return None;
        }
        self.flakes.iter().find_map(|f| {
            let root = f.host.root();
            let named = f
                .base_config
                .pack_paths
                .iter()
                .any(|(rel, _)| path.starts_with(root.join(rel)));
            named.then(|| root.join(CONFIG_FILE))
        })
    }

    fn reload_config(&mut self, path: &Path) -> bool {
        let Some(root) = path.parent() else {
            return false;
        };
        let Some(flake) = self.flakes.iter_mut().find(|f| f.host.root() == root) else {
            return false;
        };
        match qg_ide::read_config(root) {
            Ok(config) => {
                flake.base_config = config;
                let config = self.settings.apply(&flake.base_config, root);
                flake.host.set_config(config);
                true
            }
            Err(e) => {
                self.outbox.show(
                    lsp::MessageType::ERROR,
                    format!("qg: {e}; keeping the previous configuration"),
                );
                false
            }
        }
    }

    /// Applies settings from the client: `initializationOptions` with `value` (a pulled or
    /// pushed `qg` section) on top.
    fn apply_settings(&mut self, value: &serde_json::Value) {
        let merged = crate::settings::merge(&self.initial_settings, value);
        let (settings, problems) = Settings::from_json(&merged);
        for problem in problems {
            self.outbox
                .show(lsp::MessageType::WARNING, format!("qg: {problem}"));
        }
        if settings == self.settings {
            return;
        }
        self.settings = settings;
        for flake in &mut self.flakes {
            let root = flake.host.root().to_path_buf();
            let config = self.settings.apply(&flake.base_config, &root);
            flake.host.set_config(config);
        }
    }

    fn refresh_pulled(&self) {
        if self.pull_diagnostics && self.refresh_support {
            self.outbox.send(Outgoing::RefreshDiagnostics);
        }
        // Hints show values of the selected host: a new host or new files change them. (An
        // edit needs no refresh: the client asks again for the document it changed.)
        if self.inlay_hint_refresh {
            self.outbox.send(Outgoing::RefreshInlayHints);
        }
    }

    fn schedule_diagnostics(&mut self, delay: Duration) {
        let due = Instant::now() + delay;
        self.diagnostics_due = Some(match self.diagnostics_due {
            Some(earlier) if delay.is_zero() => earlier.min(due),
            _ => due,
        });
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            flakes: self.flakes.iter().map(|f| f.host.snapshot()).collect(),
            versions: Arc::clone(&self.versions),
            pull_open_documents: self.pull_diagnostics,
            rule_docs: self.rule_docs.clone(),
            host: self.settings.host.as_deref().map(Arc::from),
        }
    }

    /// Builds the option index in the background (`index_job`), for hover and
    /// completion on options.
    fn start_option_index(&self, progress: bool) {
        let flakes: Vec<_> = self
            .flakes
            .iter()
            .filter(|f| !f.detached)
            .map(|f| f.host.snapshot())
            .collect();
        let outbox = self.outbox.clone();
        self.pool
            .spawn(move || crate::index_job::build(flakes, outbox, progress));
    }

    fn start_push_pass(&mut self) {
        self.diagnostics_due = None;
        self.generation += 1;
        let generation = self.generation;
        let snapshot = self.snapshot();
        let outbox = self.outbox.clone();
        let debug = crate::server::debug_enabled();
        let pull = snapshot.pull_open_documents;
        let open: Vec<PathBuf> = snapshot.versions.keys().cloned().collect();
        self.pool.spawn(move || {
            let pass = catch_unwind(AssertUnwindSafe(|| {
                Cancelled::catch(AssertUnwindSafe(|| diagnostics::push_pass(&snapshot)))
            }));
            drop(snapshot);
            match pass {
                Ok(Ok(files)) => {
                    if debug {
                        outbox.log(
                            lsp::MessageType::LOG,
                            format!(
                                "qg: push pass {generation}: {} files, pull {pull}, open {open:?}",
                                files.len()
                            ),
                        );
                    }
                    outbox.send(Outgoing::Publish { generation, files })
                }
                Ok(Err(_)) => {} // an edit cancelled it and scheduled the next pass
                Err(panic) => outbox.log(
                    lsp::MessageType::ERROR,
                    format!(
                        "qg-lsp: internal error while computing diagnostics: {}",
                        panic_message(&*panic)
                    ),
                ),
            }
        });
    }

    fn dispatch(&mut self, mut job: Job) {
        if job.cancellation.is_cancelled() {
            return;
        }
        if let Some((path, seen)) = &mut job.document {
            let now = self.versions.get(path).copied();
            match (job.attempts, *seen) {
                (0, _) => *seen = now,
                (_, before) if before != now => {
                    job.request.fail(jsonrpc::Error::content_modified());
                    return;
                }
                _ => {}
            }
        }
        if job.attempts > MAX_ATTEMPTS {
            job.request.fail(jsonrpc::Error::content_modified());
            return;
        }
        let snapshot = self.snapshot();
        let tasks = self.tasks.clone();
        let outbox = self.outbox.clone();
        self.pool
            .spawn(move || run_job(job, snapshot, tasks, outbox));
    }
}

/// Runs one request on a worker: skipped if cancelled before it starts, retried with a fresh
/// snapshot after a salsa cancellation, answered with an error after a panic.
fn run_job(mut job: Job, snapshot: Snapshot, tasks: Sender<Task>, outbox: Outbox) {
    if !job.cancellation.attach(snapshot.cancellation_tokens()) {
        return;
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        Cancelled::catch(AssertUnwindSafe(|| job.request.run(&snapshot)))
    }));
    // Release the database handles first: a pending edit waits for them.
    drop(snapshot);
    job.cancellation.attach(Vec::new());
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(_)) if job.cancellation.is_cancelled() => {}
        Ok(Err(_)) => {
            job.attempts += 1;
            let _ = tasks.send(Task::Retry(job));
        }
        Err(panic) => {
            let message = format!(
                "qg-lsp: internal error in {}: {}",
                job.request.method(),
                panic_message(&*panic)
            );
            outbox.log(lsp::MessageType::ERROR, message.clone());
            job.request.fail(jsonrpc::Error {
                code: jsonrpc::ErrorCode::InternalError,
                message: message.into(),
                data: None,
            });
        }
    }
}

/// Applies LSP content changes (ranges in UTF-16) to a text, in order.
pub fn apply_changes(text: &str, changes: Vec<lsp::TextDocumentContentChangeEvent>) -> String {
    let mut text = text.to_string();
    for change in changes {
        match change.range {
            None => text = change.text,
            Some(range) => {
                let index = LineIndex::new(&text);
                let file = FileText {
                    text: &text,
                    index: &index,
                };
                let (start, end) = (file.offset(range.start), file.offset(range.end));
                let (start, end) = (start.min(end), start.max(end));
                text.replace_range(usize::from(start)..usize::from(end), &change.text);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        l1: u32,
        c1: u32,
        l2: u32,
        c2: u32,
        text: &str,
    ) -> lsp::TextDocumentContentChangeEvent {
        lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range::new(
                lsp::Position::new(l1, c1),
                lsp::Position::new(l2, c2),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    /// A file opened outside any flake belongs to a host rooted at its own folder (not at
    /// `/`, which would make every file of the disk its workspace), and gets the local lints.
    #[test]
    fn a_file_outside_any_flake_is_rooted_at_its_own_folder() {
        let dir = std::env::temp_dir().join(format!("qg-lsp-detached-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let dir = dir.canonicalize().unwrap();
        let (outbox, _messages) = Outbox::unconnected();
        let (tasks, _) = std::sync::mpsc::channel();
        let mut state = State::new(Pool::new(1), outbox, tasks);
        let file = dir.join("sub/configuration.nix");
        let (i, rel) = state.owner(&file).expect("an owner");
        assert!(state.flakes[i].detached);
        assert_eq!(state.flakes[i].host.root(), dir.join("sub"));
        assert_eq!(rel, "configuration.nix");
        // A second file of the same folder shares that host; another folder gets its own.
        let (j, _) = state.owner(&dir.join("sub/hardware.nix")).unwrap();
        assert_eq!(i, j);
        let (k, rel) = state.owner(&dir.join("other.nix")).unwrap();
        assert_ne!(i, k);
        assert_eq!(state.flakes[k].host.root(), dir);
        assert_eq!(rel, "other.nix");
        // Its text is linted alone: an undefined variable is reported in that file.
        let host = &mut state.flakes[i].host;
        host.set_text("configuration.nix", "{ ... }: { x = y; }\n".into());
        let found = host.all_diagnostics();
        assert!(
            found
                .iter()
                .any(|d| d.rule.to_string() == "QG002" && &*d.primary.file == "configuration.nix"),
            "{found:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn incremental_changes_in_utf16() {
        let text = "let\n  é = 1;\nin é\n";
        let out = apply_changes(text, vec![change(1, 2, 1, 3, "x"), change(2, 3, 2, 4, "x")]);
        assert_eq!(out, "let\n  x = 1;\nin x\n");
        let out = apply_changes("a😀b", vec![change(0, 3, 0, 4, "c")]);
        assert_eq!(out, "a😀c");
        let out = apply_changes("abc", vec![change(0, 1, 0, 1, "\n")]);
        assert_eq!(out, "a\nbc");
    }
}
