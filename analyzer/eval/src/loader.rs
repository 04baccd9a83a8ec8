//! Where the evaluator gets files from.
//!
//! [`SourceLoader`] is the evaluator's only way to files. `qg-ide`'s `FlakeHost` and
//! `qg-nixos`' workspace loader parse a flake's files through the salsa `parse` query, so an
//! evaluation after an edit reuses every unchanged parse; [`DiskLoader`] reads any file from
//! the disk (`qg-check eval` on a file outside a flake, data files read by `readFile`).
//! The evaluator checks that every path lies inside its root before it asks a loader.

use std::io;
use std::path::Path;
use std::sync::Arc;

use qg_syntax::Parse;

/// A parsed Nix file.
#[derive(Clone)]
pub struct LoadedSource {
    pub parse: Parse,
    pub text: Arc<str>,
}

/// What kind of filesystem object a path is (`readDir`, store path hashing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Regular { executable: bool },
    Directory,
    Symlink { target: String },
    Other,
}

impl FileKind {
    /// The name `builtins.readDir` gives.
    pub fn nix_name(&self) -> &'static str {
        match self {
            FileKind::Regular { .. } => "regular",
            FileKind::Directory => "directory",
            FileKind::Symlink { .. } => "symlink",
            FileKind::Other => "unknown",
        }
    }
}

/// Source of files for one evaluation. Paths are absolute and already checked to be inside
/// the evaluation root.
pub trait SourceLoader {
    /// The parse of the Nix file at `path`, or `None` if it cannot be read.
    fn load(&self, path: &Path) -> Option<LoadedSource>;

    /// The bytes of any file (`readFile`, `hashFile`, store paths).
    fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    /// What `path` is, without following a final symlink; `None` if it does not exist.
    fn kind(&self, path: &Path) -> Option<FileKind> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        let ft = meta.file_type();
        Some(if ft.is_dir() {
            FileKind::Directory
        } else if ft.is_symlink() {
            let target = std::fs::read_link(path).ok()?;
            FileKind::Symlink {
                target: target.to_string_lossy().into_owned(),
            }
        } else if ft.is_file() {
            use std::os::unix::fs::PermissionsExt;
            FileKind::Regular {
                executable: meta.permissions().mode() & 0o100 != 0,
            }
        } else {
            FileKind::Other
        })
    }

    /// The path of a tree that stands for a fetched source that is not in the store (a
    /// model of it the evaluation provides, [`crate::Evaluator::provide_import`]), when the
    /// loader has one for that URL; `None`: the fetch stays unknown.
    fn fetched_stand_in(&self, _url: &str) -> Option<String> {
        None
    }

    /// The entries of a directory, sorted by name.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileKind)>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = self.kind(&entry.path()).unwrap_or(FileKind::Other);
            entries.push((name, kind));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(entries)
    }
}

/// Reads and parses files from the disk.
#[derive(Debug, Default, Clone, Copy)]
pub struct DiskLoader;

impl SourceLoader for DiskLoader {
    fn load(&self, path: &Path) -> Option<LoadedSource> {
        let text: Arc<str> = std::fs::read_to_string(path).ok()?.into();
        Some(LoadedSource {
            parse: qg_syntax::parse_text(&text),
            text,
        })
    }
}
