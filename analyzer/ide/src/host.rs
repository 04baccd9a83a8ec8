//! `FlakeHost`: one flake loaded into a database, the entry point for the CLI and the server.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use salsa::Setter;

use qg_eval::{DiskLoader, LoadedSource, SourceLoader};
use qg_syntax::{
    find_flake_root, flake_file_set, read_text, Config, ConfigError, SourceFile, Workspace,
    CONFIG_FILE,
};

use crate::{Analysis, RootDatabase};

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

/// A flake loaded into a database. Reading goes through the [`Analysis`] it holds
/// (`Deref`), so the host and its snapshots answer the same questions the same way; only
/// the host can change inputs.
pub struct FlakeHost {
    view: Analysis,
}

impl std::ops::Deref for FlakeHost {
    type Target = Analysis;

    fn deref(&self) -> &Analysis {
        &self.view
    }
}

impl FlakeHost {
    /// Loads the flake containing `path` (a file or directory inside it).
    pub fn discover(path: &Path) -> Result<FlakeHost, LoadError> {
        let root = find_flake_root(path).ok_or_else(|| LoadError::NoFlake(path.to_path_buf()))?;
        FlakeHost::load(&root, RootDatabase::default())
    }

    /// Loads the flake at `root` into `db` (a database with an event sink, in tests).
    pub fn load(root: &Path, db: RootDatabase) -> Result<FlakeHost, LoadError> {
        let io_err = |e| LoadError::Io(root.to_path_buf(), e);
        let set = flake_file_set(root).map_err(io_err)?;
        let config = read_config(root)?;
        let mut sources = Vec::with_capacity(set.files.len());
        for path in set.files {
            let abs = root.join(&path);
            let text = read_text(&abs).map_err(|e| LoadError::Io(abs, e))?;
            sources.push(SourceFile::new(&db, path.into(), text.into()));
        }
        let workspace = Workspace::new(
            &db,
            root.to_path_buf(),
            sources,
            Arc::new(config),
            set.links,
        );
        Ok(FlakeHost {
            view: Analysis::new(db, workspace),
        })
    }

    /// A host with no files and the default configuration, for files that belong to no
    /// flake (the language server analyses them alone, under root `/`).
    pub fn detached(root: &Path) -> FlakeHost {
        let db = RootDatabase::default();
        let workspace = Workspace::new(
            &db,
            root.to_path_buf(),
            Vec::new(),
            Arc::default(),
            Vec::new(),
        );
        FlakeHost {
            view: Analysis::new(db, workspace),
        }
    }

    /// Replaces a file's text (an editor overlay or a change on disk); adds the file if new.
    pub fn set_text(&mut self, rel_path: &str, text: Arc<str>) {
        match self.file(rel_path) {
            Some(file) => {
                file.set_text(self.view.db_mut()).to(text);
            }
            None => {
                let file = SourceFile::new(self.raw_database(), rel_path.into(), text);
                let mut sources = self.files().to_vec();
                let at = sources.partition_point(|f| **f.path(self.raw_database()) < *rel_path);
                sources.insert(at, file);
                self.set_files(sources);
            }
        }
    }

    /// Drops a file from the flake (deleted on disk, or an overlay of a file Nix cannot see
    /// was closed). Returns whether it was there.
    pub fn remove_file(&mut self, rel_path: &str) -> bool {
        let Some(file) = self.file(rel_path) else {
            return false;
        };
        let mut sources = self.files().to_vec();
        sources.retain(|&f| f != file);
        self.set_files(sources);
        true
    }

    /// Re-reads a file from disk (a change seen by a watcher, or an overlay closed): new files
    /// are added, missing ones removed. Returns whether the flake's inputs changed.
    pub fn reload_from_disk(&mut self, rel_path: &str) -> bool {
        match read_text(&self.root().join(rel_path)) {
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

    /// A read-only view for analysis on another thread. Cheap (the database is shared).
    /// Setting any input on this host waits until every snapshot taken earlier is dropped,
    /// and makes queries still running on them unwind with `salsa::Cancelled`.
    pub fn snapshot(&self) -> Analysis {
        self.view.clone()
    }

    pub fn set_config(&mut self, config: Config) {
        let workspace = self.view.workspace();
        workspace
            .set_config(self.view.db_mut())
            .to(Arc::new(config));
    }

    fn set_files(&mut self, sources: Vec<SourceFile>) {
        let workspace = self.view.workspace();
        workspace.set_files(self.view.db_mut()).to(sources);
    }
}

/// Reads `qg.toml` at a flake root; no file means the default configuration.
pub fn read_config(root: &Path) -> Result<Config, LoadError> {
    let path = root.join(CONFIG_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let mut config = Config::parse(&text).map_err(LoadError::Config)?;
            config.load_packs(root).map_err(LoadError::Config)?;
            qg_nixos::packs_of(&config).map_err(|e| LoadError::Config(e.into()))?;
            Ok(config)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(LoadError::Io(path, e)),
    }
}

/// Files of the flake come from the database (parsed once by the salsa query); anything
/// else from the disk.
impl SourceLoader for FlakeHost {
    fn load(&self, path: &Path) -> Option<LoadedSource> {
        let rel = path.strip_prefix(self.root()).ok().and_then(|r| r.to_str());
        match rel.and_then(|rel| self.file(rel)) {
            Some(file) => Some(LoadedSource {
                parse: qg_syntax::parse(self.raw_database(), file).clone(),
                text: file.text(self.raw_database()).clone(),
            }),
            None => DiskLoader.load(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qg_eval::{Evaluator, Options};

    #[test]
    fn files_come_from_the_flake_database() {
        let dir = std::env::temp_dir().join(format!("qg-eval-flake-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("flake.nix"), "{ outputs = _: { }; }").unwrap();
        std::fs::write(dir.join("a.nix"), "{ v = import ./b.nix; }").unwrap();
        std::fs::write(dir.join("b.nix"), "41 + 1").unwrap();
        let mut host = FlakeHost::load(&dir, RootDatabase::default()).unwrap();
        // An editor overlay: the evaluator sees the database's text, not the disk's.
        host.set_text("b.nix", "40 + 2 + 0".into());
        let mut ev = Evaluator::new(&host, &dir, Options::default());
        let v = ev.eval_file(&dir.join("a.nix")).unwrap();
        assert_eq!(ev.print_strict(&v).unwrap(), "{ v = 42; }");
        drop(ev);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
