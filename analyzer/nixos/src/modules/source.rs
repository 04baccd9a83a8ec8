//! Where a host evaluation reads files from.
//!
//! Flake files come from the database (parsed once by the salsa `parse` query, so a tracked
//! query that evaluates a host depends on exactly the files it read). qg's own Nix files (its
//! `lib` and the base module standing in for NixOS's) are embedded in the binary and served
//! under a virtual directory inside the flake root, [`VIRTUAL_DIR`], so that the evaluator's
//! root check lets them be imported. A file Nix would not see (not tracked by git, or absent)
//! cannot be loaded.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use qg_eval::{FileKind, LoadedSource, SourceLoader};
use qg_syntax::{RelPath, SourceFile, Workspace};

use crate::flake_inputs::Mounted;
use crate::Db;

/// Name of the virtual directory (below the flake root) holding qg's embedded Nix files.
pub(crate) const VIRTUAL_DIR: &str = "«qg»";

/// qg's Nix files: the `lib` (in `lib/`) and the base module.
const EMBEDDED: &[(&str, &str)] = &[
    ("lib/default.nix", include_str!("lib/default.nix")),
    ("lib/asserts.nix", include_str!("lib/asserts.nix")),
    ("lib/attrsets.nix", include_str!("lib/attrsets.nix")),
    ("lib/generators.nix", include_str!("lib/generators.nix")),
    ("lib/lists.nix", include_str!("lib/lists.nix")),
    ("lib/meta.nix", include_str!("lib/meta.nix")),
    ("lib/modules.nix", include_str!("lib/modules.nix")),
    ("lib/options.nix", include_str!("lib/options.nix")),
    ("lib/strings.nix", include_str!("lib/strings.nix")),
    ("lib/trivial.nix", include_str!("lib/trivial.nix")),
    ("lib/types.nix", include_str!("lib/types.nix")),
    ("lib/versions.nix", include_str!("lib/versions.nix")),
    ("lib/path.nix", include_str!("lib/path.nix")),
    ("lib/filesystem.nix", include_str!("lib/filesystem.nix")),
    ("base.nix", include_str!("base.nix")),
    ("builtin.nix", include_str!("builtin.nix")),
    ("nixos.nix", include_str!("nixos.nix")),
    ("nixpkgs.nix", include_str!("nixpkgs.nix")),
    ("helpers.nix", include_str!("helpers.nix")),
    ("flake-parts.nix", include_str!("flake-parts.nix")),
    ("models/default.nix", include_str!("models/default.nix")),
    (
        "models/home-manager.nix",
        include_str!("models/home-manager.nix"),
    ),
    ("models/haumea.nix", include_str!("models/haumea.nix")),
    ("models/clan.nix", include_str!("models/clan.nix")),
    ("models/colmena.nix", include_str!("models/colmena.nix")),
    (
        "models/nixos-unified.nix",
        include_str!("models/nixos-unified.nix"),
    ),
    (
        "models/lite-config.nix",
        include_str!("models/lite-config.nix"),
    ),
    (
        "models/adios-flake.nix",
        include_str!("models/adios-flake.nix"),
    ),
];

/// The text of one of qg's embedded Nix files (`lib/lists.nix`), for documentation.
pub fn embedded_text(name: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The embedded files, parsed once per process.
fn embedded() -> &'static [(&'static str, LoadedSource)] {
    static PARSED: OnceLock<Vec<(&'static str, LoadedSource)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(|(name, text)| {
                let source = LoadedSource {
                    parse: qg_syntax::parse_text(text),
                    text: Arc::from(*text),
                };
                (*name, source)
            })
            .collect()
    })
}

/// Reads the files of one flake for an evaluation, and records which flake files it read.
pub(crate) struct WorkspaceLoader<'db> {
    db: &'db dyn Db,
    workspace: Workspace,
    root: PathBuf,
    virtual_root: PathBuf,
    read: RefCell<BTreeSet<RelPath>>,
    /// The flake's inputs: their trees are read from where they lie.
    inputs: &'db crate::flake_inputs::InputTable,
    /// Where each path asked about lies ([`WorkspaceLoader::mounted`]), once per
    /// evaluation: finding out follows every link of the path (a system call a component),
    /// and an evaluation asks about each module file several times.
    mounts: RefCell<std::collections::HashMap<PathBuf, Mounted>>,
}

impl<'db> WorkspaceLoader<'db> {
    pub(crate) fn new(db: &'db dyn Db, workspace: Workspace) -> WorkspaceLoader<'db> {
        let root = workspace.root(db).clone();
        let virtual_root = root.join(VIRTUAL_DIR);
        WorkspaceLoader {
            db,
            workspace,
            root,
            virtual_root,
            read: RefCell::new(BTreeSet::new()),
            inputs: crate::flake_inputs::input_table(db, workspace),
            mounts: RefCell::default(),
        }
    }

    /// Where `path` lies when it is inside an input's mounted tree (the input table's
    /// answer, kept for the rest of this evaluation).
    pub(crate) fn mounted(&self, path: &Path) -> Mounted {
        if let Some(known) = self.mounts.borrow().get(path) {
            return known.clone();
        }
        let found = self.inputs.mounted(path);
        self.mounts
            .borrow_mut()
            .insert(path.to_path_buf(), found.clone());
        found
    }

    /// The flake's inputs and where each lies.
    pub(crate) fn inputs(&self) -> &'db crate::flake_inputs::InputTable {
        self.inputs
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The absolute path of an embedded file (`lib/default.nix`, `base.nix`...).
    pub(crate) fn embedded_path(&self, name: &str) -> PathBuf {
        self.virtual_root.join(name)
    }

    /// Flake files read so far (relative paths).
    pub(crate) fn files_read(&self) -> Vec<RelPath> {
        self.read.borrow().iter().cloned().collect()
    }

    /// The flake-relative path of an absolute path inside the flake (not in the virtual
    /// directory), with the flake's links followed as Nix reads through them.
    pub(crate) fn relative(&self, path: &Path) -> Option<String> {
        if path.starts_with(&self.virtual_root) {
            return None;
        }
        let rel = qg_syntax::to_rel_string(path.strip_prefix(&self.root).ok()?);
        Some(self.workspace.resolve_links(self.db, &rel).unwrap_or(rel))
    }

    pub(crate) fn db(&self) -> &'db dyn Db {
        self.db
    }

    /// The workspace file at a relative path.
    pub(crate) fn file(&self, rel: &str) -> Option<SourceFile> {
        self.workspace.file(self.db, rel)
    }

    /// Whether some workspace file lies below the relative directory `rel`.
    fn has_files_below(&self, rel: &str) -> bool {
        if rel.is_empty() {
            return true;
        }
        let files = self.workspace.files(self.db);
        let prefix = format!("{rel}/");
        let start = files.partition_point(|f| **f.path(self.db) < *prefix.as_str());
        files
            .get(start)
            .is_some_and(|f| f.path(self.db).starts_with(prefix.as_str()))
    }

    fn embedded_name<'p>(&self, path: &'p Path) -> Option<&'p str> {
        path.strip_prefix(&self.virtual_root).ok()?.to_str()
    }
}

impl SourceLoader for WorkspaceLoader<'_> {
    /// A fetched nixpkgs that is not in the store: qg's model of it (`flake.rs`).
    fn fetched_stand_in(&self, url: &str) -> Option<String> {
        crate::flake::names_nixpkgs_tree(url).then(|| crate::flake::NIXPKGS_STAND_IN.into())
    }

    fn load(&self, path: &Path) -> Option<LoadedSource> {
        match self.mounted(path) {
            Mounted::Disk(disk) => return crate::flake_inputs::load_from_disk(&disk),
            Mounted::Refused => return None,
            Mounted::No => {}
        }
        if let Some(name) = self.embedded_name(path) {
            return embedded()
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| s.clone());
        }
        let rel = self.relative(path)?;
        let file = self.file(&rel)?;
        self.read.borrow_mut().insert(file.path(self.db).clone());
        Some(LoadedSource {
            parse: qg_syntax::parse(self.db, file).clone(),
            text: file.text(self.db).clone(),
        })
    }

    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.mounted(path) {
            Mounted::Disk(disk) => return std::fs::read(disk),
            Mounted::Refused => return Err(io::Error::from(io::ErrorKind::PermissionDenied)),
            Mounted::No => {}
        }
        if let Some(name) = self.embedded_name(path) {
            return EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound));
        }
        if let Some(file) = self.relative(path).and_then(|rel| self.file(&rel)) {
            self.read.borrow_mut().insert(file.path(self.db).clone());
            return Ok(file.text(self.db).as_bytes().to_vec());
        }
        std::fs::read(path)
    }

    fn kind(&self, path: &Path) -> Option<FileKind> {
        match self.mounted(path) {
            Mounted::Disk(disk) => return default_kind(&disk),
            Mounted::Refused => return None,
            Mounted::No => {}
        }
        if path == self.virtual_root {
            return Some(FileKind::Directory);
        }
        if let Some(name) = self.embedded_name(path) {
            let prefix = format!("{name}/");
            return if EMBEDDED.iter().any(|(n, _)| *n == name) {
                Some(FileKind::Regular { executable: false })
            } else if EMBEDDED.iter().any(|(n, _)| n.starts_with(&prefix)) {
                Some(FileKind::Directory)
            } else {
                None
            };
        }
        if let Some(rel) = self.relative(path) {
            if self.file(&rel).is_some() {
                return Some(FileKind::Regular { executable: false });
            }
            if self.has_files_below(&rel) {
                return Some(FileKind::Directory);
            }
            if qg_syntax::FileKind::of(&rel).is_some() {
                // A Nix, YAML or JSON file the flake does not list: Nix cannot see it.
                return None;
            }
        }
        default_kind(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileKind)>> {
        match self.mounted(path) {
            Mounted::Disk(disk) => return crate::flake_inputs::read_dir_on_disk(&disk),
            Mounted::Refused => return Err(io::Error::from(io::ErrorKind::PermissionDenied)),
            Mounted::No => {}
        }
        let mut entries: Vec<(String, FileKind)> = Vec::new();
        if let Some(rel) = self.relative(path) {
            let files = self.workspace.files(self.db);
            let prefix = if rel.is_empty() {
                String::new()
            } else {
                format!("{rel}/")
            };
            for f in files.iter() {
                let Some(rest) = f.path(self.db).strip_prefix(prefix.as_str()) else {
                    continue;
                };
                let entry = match rest.split_once('/') {
                    Some((dir, _)) => (dir.to_string(), FileKind::Directory),
                    None => (rest.to_string(), FileKind::Regular { executable: false }),
                };
                if entries.last().map(|e| &e.0) != Some(&entry.0) {
                    entries.push(entry);
                }
            }
        }
        // Files of kinds qg does not track (scripts, images...) come from the disk.
        if let Ok(disk) = std::fs::read_dir(path) {
            for entry in disk.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_tracked_kind = qg_syntax::FileKind::of(&name).is_some();
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if is_tracked_kind || is_dir || entries.iter().any(|e| e.0 == name) {
                    continue;
                }
                if let Some(kind) = default_kind(&entry.path()) {
                    entries.push((name, kind));
                }
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        Ok(entries)
    }
}

/// What a path is on disk (the evaluator's default behaviour).
fn default_kind(path: &Path) -> Option<FileKind> {
    struct Disk;
    impl SourceLoader for Disk {
        fn load(&self, _: &Path) -> Option<LoadedSource> {
            None
        }
    }
    Disk.kind(path)
}
