//! `FlakeHost`: one flake loaded into a database, the entry point for the CLI and the server.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use salsa::Setter;

use crate::config::{Config, ConfigError, CONFIG_FILE};
use crate::db::{RootDatabase, SourceFile, Workspace};
use crate::diagnostic::{Diagnostic, RelPath};
use crate::files::{self, FileSource};

/// Why a flake could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    NoFlake(PathBuf),
    Io(PathBuf, std::io::Error),
    Config(ConfigError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoFlake(path) => {
                write!(f, "no flake.nix at or above {}", path.display())
            }
            LoadError::Io(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            LoadError::Config(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LoadError {}

pub struct FlakeHost {
    root: PathBuf,
    db: RootDatabase,
    workspace: Workspace,
    files: HashMap<RelPath, SourceFile>,
    file_source: FileSource,
}

impl FlakeHost {
    /// Loads the flake containing `path` (a file or directory inside it).
    pub fn discover(path: &Path) -> Result<FlakeHost, LoadError> {
        let root =
            files::find_flake_root(path).ok_or_else(|| LoadError::NoFlake(path.to_path_buf()))?;
        FlakeHost::load(&root, RootDatabase::default())
    }

    /// Loads the flake at `root` into `db` (a database with an event sink, in tests).
    pub fn load(root: &Path, db: RootDatabase) -> Result<FlakeHost, LoadError> {
        let io_err = |e| LoadError::Io(root.to_path_buf(), e);
        let (paths, file_source) = files::flake_files(root).map_err(io_err)?;
        let config = load_config(root)?;
        let mut host = FlakeHost {
            root: root.to_path_buf(),
            workspace: Workspace::new(&db, root.to_path_buf(), Vec::new(), Arc::new(config)),
            db,
            files: HashMap::new(),
            file_source,
        };
        let mut sources = Vec::with_capacity(paths.len());
        for path in paths {
            let abs = root.join(&path);
            let text = files::read_text(&abs).map_err(|e| LoadError::Io(abs, e))?;
            let rel: RelPath = path.into();
            let file = SourceFile::new(&host.db, rel.clone(), text.into());
            host.files.insert(rel, file);
            sources.push(file);
        }
        host.workspace.set_files(&mut host.db).to(sources);
        Ok(host)
    }

    /// A host with no files and the default configuration, for files that belong to no
    /// flake (the language server analyses them alone, under root `/`).
    pub fn detached(root: &Path) -> FlakeHost {
        let db = RootDatabase::default();
        FlakeHost {
            root: root.to_path_buf(),
            workspace: Workspace::new(&db, root.to_path_buf(), Vec::new(), Arc::default()),
            db,
            files: HashMap::new(),
            file_source: FileSource::Walk,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn file_source(&self) -> FileSource {
        self.file_source
    }

    pub fn db(&self) -> &RootDatabase {
        &self.db
    }

    pub fn workspace(&self) -> Workspace {
        self.workspace
    }

    pub fn file(&self, rel_path: &str) -> Option<SourceFile> {
        self.files.get(rel_path).copied()
    }

    /// Relative paths of every file, sorted.
    pub fn paths(&self) -> Vec<RelPath> {
        self.workspace
            .files(&self.db)
            .iter()
            .map(|f| f.path(&self.db).clone())
            .collect()
    }

    pub fn text(&self, rel_path: &str) -> Option<Arc<str>> {
        Some(self.file(rel_path)?.text(&self.db).clone())
    }

    /// Replaces a file's text (an editor overlay or a change on disk); adds the file if new.
    pub fn set_text(&mut self, rel_path: &str, text: Arc<str>) {
        match self.file(rel_path) {
            Some(file) => {
                file.set_text(&mut self.db).to(text);
            }
            None => {
                let rel: RelPath = rel_path.into();
                let file = SourceFile::new(&self.db, rel.clone(), text);
                self.files.insert(rel, file);
                let mut sources = self.workspace.files(&self.db).clone();
                sources.push(file);
                sources.sort_by(|a, b| a.path(&self.db).cmp(b.path(&self.db)));
                self.workspace.set_files(&mut self.db).to(sources);
            }
        }
    }

    /// Drops a file from the flake (deleted on disk, or an overlay of a file Nix cannot see
    /// was closed). Returns whether it was there.
    pub fn remove_file(&mut self, rel_path: &str) -> bool {
        if self.files.remove(rel_path).is_none() {
            return false;
        }
        let mut sources = self.workspace.files(&self.db).clone();
        sources.retain(|f| &**f.path(&self.db) != rel_path);
        self.workspace.set_files(&mut self.db).to(sources);
        true
    }

    /// Re-reads a file from disk (a change seen by a watcher, or an overlay closed): new files
    /// are added, missing ones removed. Returns whether the flake's inputs changed.
    pub fn reload_from_disk(&mut self, rel_path: &str) -> bool {
        match files::read_text(&self.root.join(rel_path)) {
            Ok(text) => {
                if self.text(rel_path).as_deref() == Some(text.as_str()) {
                    return false;
                }
                self.set_text(rel_path, text.into());
                true
            }
            Err(_) => self.remove_file(rel_path),
        }
    }

    /// The path of `abs` relative to the flake root, if it lies inside the flake.
    pub fn relative_path(&self, abs: &Path) -> Option<RelPath> {
        let rel = abs.strip_prefix(&self.root).ok()?;
        Some(files::to_rel_string(rel).into())
    }

    /// A read-only view for analysis on another thread. Cheap (the database is shared).
    /// Setting any input on this host waits until every snapshot taken earlier is dropped,
    /// and makes queries still running on them unwind with `salsa::Cancelled`.
    pub fn snapshot(&self) -> FlakeSnapshot {
        FlakeSnapshot {
            root: self.root.clone(),
            db: self.db.clone(),
            workspace: self.workspace,
        }
    }

    pub fn set_config(&mut self, config: Config) {
        self.workspace.set_config(&mut self.db).to(Arc::new(config));
    }

    /// Parses every file (the stage `--timings` reports separately).
    pub fn parse_all(&self) -> usize {
        let files = self.workspace.files(&self.db);
        files
            .iter()
            .map(|&f| crate::syntax::parse(&self.db, f).errors.len())
            .sum()
    }

    /// Every reported finding of the flake.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        crate::check::workspace_diagnostics(&self.db, self.workspace)
    }
}

/// A frozen view of a [`FlakeHost`] that can move to another thread (see [`FlakeHost::snapshot`]).
#[derive(Clone)]
pub struct FlakeSnapshot {
    root: PathBuf,
    db: RootDatabase,
    workspace: Workspace,
}

impl FlakeSnapshot {
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn db(&self) -> &RootDatabase {
        &self.db
    }

    pub fn workspace(&self) -> Workspace {
        self.workspace
    }

    /// The file at a path relative to the flake root.
    pub fn file(&self, rel_path: &str) -> Option<SourceFile> {
        let files = self.workspace.files(&self.db);
        files
            .binary_search_by(|f| (**f.path(&self.db)).cmp(rel_path))
            .ok()
            .map(|i| files[i])
    }

    pub fn files(&self) -> &[SourceFile] {
        self.workspace.files(&self.db)
    }

    /// The path of `abs` relative to the flake root, if it lies inside the flake.
    pub fn relative_path(&self, abs: &Path) -> Option<RelPath> {
        let rel = abs.strip_prefix(&self.root).ok()?;
        Some(files::to_rel_string(rel).into())
    }

    /// Reported findings of one file.
    pub fn file_diagnostics(&self, file: SourceFile) -> &[Diagnostic] {
        crate::check::reported_file_diagnostics(&self.db, self.workspace, file)
    }

    /// A token that makes queries running on this snapshot unwind with `salsa::Cancelled`
    /// (an editor cancelled the request that runs them).
    pub fn cancellation_token(&self) -> salsa::CancellationToken {
        use salsa::Database;
        self.db.cancellation_token()
    }
}

/// Reads `qg.toml` at a flake root; no file means the default configuration.
pub fn read_config(root: &Path) -> Result<Config, LoadError> {
    load_config(root)
}

fn load_config(root: &Path) -> Result<Config, LoadError> {
    let path = root.join(CONFIG_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Config::parse(&text).map_err(LoadError::Config),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(LoadError::Io(path, e)),
    }
}
