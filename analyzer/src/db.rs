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

#[salsa::db]
pub trait Db: salsa::Database {}

/// Receives salsa's events (which queries run); tests use it to prove incrementality.
pub type EventSink = Box<dyn Fn(salsa::Event) + Send + Sync + 'static>;

#[salsa::db]
#[derive(Clone, Default)]
pub struct RootDatabase {
    storage: salsa::Storage<Self>,
}

impl RootDatabase {
    pub fn with_event_sink(sink: EventSink) -> RootDatabase {
        RootDatabase {
            storage: salsa::Storage::new(Some(sink)),
        }
    }
}

#[salsa::db]
impl salsa::Database for RootDatabase {}

#[salsa::db]
impl Db for RootDatabase {}
