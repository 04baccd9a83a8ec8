//! A consistent, read-only view of every loaded flake, handed to a worker per job.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use qg_ide::{Analysis, CancellationToken};
use qg_syntax::SourceFile;

use crate::convert;

pub struct Snapshot {
    /// Every flake, plus the host of loose files (root `/`) when one exists.
    pub flakes: Vec<Analysis>,
    /// Versions of the documents open in the editor.
    pub versions: Arc<HashMap<PathBuf, i32>>,
    /// Open documents' diagnostics are pulled by the client, not pushed.
    pub pull_open_documents: bool,
    /// `docs/rules/` of the qg checkout the binary was built from, when present.
    pub rule_docs: Option<Arc<PathBuf>>,
    /// The `host` setting: whose declarations option-aware features use (every host's when
    /// unset).
    pub host: Option<Arc<str>>,
}

impl Snapshot {
    /// The flake a path belongs to: the one with the nearest root above it.
    pub fn owner(&self, path: &Path) -> Option<&Analysis> {
        self.flakes
            .iter()
            .filter(|f| path.starts_with(f.root()))
            .max_by_key(|f| f.root().as_os_str().len())
    }

    pub fn file(&self, path: &Path) -> Option<(&Analysis, SourceFile)> {
        let flake = self.owner(path)?;
        let rel = flake.relative_path(path)?;
        Some((flake, flake.file(&rel)?))
    }

    pub fn file_of_uri(&self, uri: &lsp::Uri) -> Option<(&Analysis, SourceFile)> {
        self.file(&convert::uri_to_path(uri)?)
    }

    pub fn uri(&self, flake: &Analysis, rel: &str) -> Option<lsp::Uri> {
        convert::path_to_uri(&flake.root().join(rel))
    }

    /// Whether `flake` is the nearest flake of its file `rel` (a nested flake's files are
    /// also files of the flake around it; they are reported once, by the nested one).
    pub fn owns(&self, flake: &Analysis, rel: &str) -> bool {
        let path = flake.root().join(rel);
        self.owner(&path).is_some_and(|o| o.root() == flake.root())
    }

    pub fn cancellation_tokens(&self) -> Vec<CancellationToken> {
        self.flakes.iter().map(|f| f.cancellation_token()).collect()
    }
}
