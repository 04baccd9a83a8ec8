//! Salsa inputs and the database.
//!
//! Inputs are the only mutable state: the text of each file (disk or editor overlay) and the
//! workspace (flake root, the set of files, `qg.toml`). Everything else is a tracked query
//! derived from them, so an edit re-runs only what read the edited file.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::RelPath;

/// One file of the flake. The input's id is the file id: it is created once per path and
/// only its text changes afterwards.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: RelPath,
    #[returns(ref)]
    pub text: Arc<str>,
}

/// The flake being analysed: its root, its files (sorted by path) and its configuration.
#[salsa::input(debug)]
pub struct Workspace {
    #[returns(ref)]
    pub root: PathBuf,
    #[returns(ref)]
    pub files: Vec<SourceFile>,
    #[returns(ref)]
    pub config: Arc<Config>,
}

impl Workspace {
    /// The file at `rel_path` (relative to the flake root), if the flake has it.
    pub fn file(self, db: &dyn Db, rel_path: &str) -> Option<SourceFile> {
        let files = self.files(db);
        files
            .binary_search_by(|f| (**f.path(db)).cmp(rel_path))
            .ok()
            .map(|i| files[i])
    }
}

/// The query trait of qg's lowest layer. Each crate with queries of its own extends it; the
/// concrete database (`qg-ide`'s `RootDatabase`) implements them all.
#[salsa::db]
pub trait Db: salsa::Database {}

/// A database for this crate's own tests.
#[cfg(test)]
#[salsa::db]
#[derive(Clone, Default)]
pub(crate) struct TestDb {
    storage: salsa::Storage<Self>,
}

#[cfg(test)]
#[salsa::db]
impl salsa::Database for TestDb {}

#[cfg(test)]
#[salsa::db]
impl Db for TestDb {}
