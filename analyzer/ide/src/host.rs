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

/// Where inputs are read from beyond `qg.toml`'s `[inputs]`: `--override-input` (and the
/// language server's initialization options) and `--store`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputArgs {
    /// `(input path, folder or path: reference)`; relative folders are taken from `base`.
    pub overrides: Vec<(String, PathBuf)>,
    /// A chroot store (`DIR/nix/store/...`).
    pub store: Option<PathBuf>,
    /// The folder relative override folders start from (the current folder).
    pub base: PathBuf,
    /// A classic NixOS configuration to check as the one host (`--nixos-config FILE`):
    /// the root is then [`classic_root`] of it, and no flake is evaluated.
    pub nixos_config: Option<PathBuf>,
}

/// The root of a classic configuration: the flake that holds the file, else its git work
/// tree, else its folder (so that `imports = [ ../common.nix ]` stays readable inside a
/// repository of configurations).
pub fn classic_root(file: &Path) -> Result<PathBuf, LoadError> {
    let abs = file
        .canonicalize()
        .map_err(|e| LoadError::Io(file.to_path_buf(), e))?;
    if !abs.is_file() {
        return Err(LoadError::Io(
            abs.clone(),
            std::io::Error::other("--nixos-config takes a file (configuration.nix)"),
        ));
    }
    let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    if let Some(root) = find_flake_root(&dir) {
        return Ok(root);
    }
    let git = std::process::Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .and_then(|p| p.canonicalize().ok());
    Ok(git.unwrap_or(dir))
}

impl InputArgs {
    /// Adds these to a configuration read from `qg.toml` (they win over its `[inputs]`).
    pub fn apply(&self, config: &mut Config) {
        for (name, folder) in &self.overrides {
            let folder = qg_syntax::input_folder(&self.base, folder);
            config.inputs.overrides.push((name.clone(), folder));
        }
        if let Some(store) = &self.store {
            config.inputs.store = Some(qg_syntax::input_folder(&self.base, store));
        }
    }

    /// Checks that each override and the store are folders.
    pub fn check(&self) -> Result<(), String> {
        for (name, folder) in &self.overrides {
            let folder = qg_syntax::input_folder(&self.base, folder);
            if !folder.is_dir() {
                return Err(format!(
                    "--override-input {name}: {} is not a folder",
                    folder.display()
                ));
            }
        }
        if let Some(store) = &self.store {
            if !store.is_dir() {
                return Err(format!("--store: {} is not a folder", store.display()));
            }
        }
        Ok(())
    }
}

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
        FlakeHost::load_with(root, db, &InputArgs::default())
    }

    /// [`FlakeHost::discover`] with inputs given on the command line.
    pub fn discover_with(path: &Path, inputs: &InputArgs) -> Result<FlakeHost, LoadError> {
        let root = match &inputs.nixos_config {
            Some(file) => classic_root(&qg_syntax::input_folder(&inputs.base, file))?,
            None => find_flake_root(path).ok_or_else(|| LoadError::NoFlake(path.to_path_buf()))?,
        };
        FlakeHost::load_with(&root, RootDatabase::default(), inputs)
    }

    /// [`FlakeHost::load`] with inputs given on the command line.
    pub fn load_with(
        root: &Path,
        db: RootDatabase,
        inputs: &InputArgs,
    ) -> Result<FlakeHost, LoadError> {
        let io_err = |e| LoadError::Io(root.to_path_buf(), e);
        let set = flake_file_set(root).map_err(io_err)?;
        let mut config = read_config(root)?;
        inputs.apply(&mut config);
        if let Some(file) = &inputs.nixos_config {
            let file = qg_syntax::input_folder(&inputs.base, file);
            let abs = file
                .canonicalize()
                .map_err(|e| LoadError::Io(file.clone(), e))?;
            let rel = abs.strip_prefix(root).map_err(|_| {
                LoadError::Io(
                    abs.clone(),
                    std::io::Error::other(format!("not inside {}", root.display())),
                )
            })?;
            config.nixos_config = Some(qg_syntax::to_rel_string(rel));
        }
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

/// Reads `qg.toml` at a flake root (no file means the default configuration), with its
/// `[inputs]` made absolute and the flake's `flake.lock`.
pub fn read_config(root: &Path) -> Result<Config, LoadError> {
    let path = root.join(CONFIG_FILE);
    let mut config = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let mut config = Config::parse(&text).map_err(LoadError::Config)?;
            config.load_packs(root).map_err(LoadError::Config)?;
            qg_nixos::packs_of(&config).map_err(|e| LoadError::Config(e.into()))?;
            config
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(e) => return Err(LoadError::Io(path, e)),
    };
    config.resolve_inputs(root).map_err(LoadError::Config)?;
    Ok(config)
}

/// Files of the flake come from the database (parsed once by the salsa query); anything
/// else from the disk.
impl SourceLoader for FlakeHost {
    fn load(&self, path: &Path) -> Option<LoadedSource> {
        match self.inputs().mounted(path) {
            qg_nixos::Mounted::Disk(disk) => return qg_nixos::load_from_disk(&disk),
            qg_nixos::Mounted::Refused => return None,
            qg_nixos::Mounted::No => {}
        }
        let rel = path.strip_prefix(self.root()).ok().and_then(|r| r.to_str());
        match rel.and_then(|rel| self.file(rel)) {
            Some(file) => Some(LoadedSource {
                parse: qg_syntax::parse(self.raw_database(), file).clone(),
                text: file.text(self.raw_database()).clone(),
            }),
            None => DiskLoader.load(path),
        }
    }

    fn read_file(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.inputs().mounted(path) {
            qg_nixos::Mounted::Disk(disk) => std::fs::read(disk),
            qg_nixos::Mounted::Refused => Err(std::io::ErrorKind::PermissionDenied.into()),
            qg_nixos::Mounted::No => std::fs::read(path),
        }
    }

    fn kind(&self, path: &Path) -> Option<qg_eval::FileKind> {
        match self.inputs().mounted(path) {
            qg_nixos::Mounted::Disk(disk) => DiskLoader.kind(&disk),
            qg_nixos::Mounted::Refused => None,
            qg_nixos::Mounted::No => DiskLoader.kind(path),
        }
    }

    fn read_dir(&self, path: &Path) -> std::io::Result<Vec<(String, qg_eval::FileKind)>> {
        match self.inputs().mounted(path) {
            qg_nixos::Mounted::Disk(disk) => DiskLoader.read_dir(&disk),
            qg_nixos::Mounted::Refused => Err(std::io::ErrorKind::PermissionDenied.into()),
            qg_nixos::Mounted::No => DiskLoader.read_dir(path),
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
