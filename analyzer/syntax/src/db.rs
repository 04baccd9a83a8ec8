//! Salsa inputs and the database.
//!
//! Inputs are the only mutable state: the text of each file (disk or editor overlay) and the
//! workspace (flake root, the set of files, `qg.toml`). Everything else is a tracked query
//! derived from them, so an edit re-runs only what read the edited file.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::RelPath;
use crate::files::Link;

/// One file of the flake. The input's id is the file id: it is created once per path and
/// only its text changes afterwards.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: RelPath,
    #[returns(ref)]
    pub text: Arc<str>,
}

/// The flake being analysed: its root, its files (sorted by path), its configuration and
/// the symbolic links that lead from one of its paths to another.
#[salsa::input(debug)]
pub struct Workspace {
    #[returns(ref)]
    pub root: PathBuf,
    #[returns(ref)]
    pub files: Vec<SourceFile>,
    #[returns(ref)]
    pub config: Arc<Config>,
    #[returns(ref)]
    pub links: Vec<Link>,
}

/// More links than this on one path is a loop (Linux stops at 40 too).
const MAX_LINKS_FOLLOWED: usize = 40;

impl Workspace {
    /// The file at `rel_path` (relative to the flake root), if the flake has it, directly
    /// or through its links.
    pub fn file(self, db: &dyn Db, rel_path: &str) -> Option<SourceFile> {
        let files = self.files(db);
        let find = |path: &str| {
            files
                .binary_search_by(|f| (**f.path(db)).cmp(path))
                .ok()
                .map(|i| files[i])
        };
        find(rel_path).or_else(|| find(&self.resolve_links(db, rel_path)?))
    }

    /// `rel_path` with the flake's links along it followed (`hosts/alias/a.nix` ->
    /// `hosts/real/a.nix`), or `None` when no link is on it or the links loop.
    pub fn resolve_links(self, db: &dyn Db, rel_path: &str) -> Option<String> {
        let links = self.links(db);
        let mut path = rel_path.to_string();
        for _ in 0..MAX_LINKS_FOLLOWED {
            let Some((link, rest)) = links.iter().find_map(|l| Some((l, below(&path, &l.path)?)))
            else {
                return (path != rel_path).then_some(path);
            };
            path = match (link.target.as_str(), rest) {
                (target, "") => target.to_string(),
                ("", rest) => rest.to_string(),
                (target, rest) => format!("{target}/{rest}"),
            };
        }
        None
    }
}

/// What follows `dir` in `path` (`""` for `dir` itself), if `path` is `dir` or below it.
fn below<'p>(path: &'p str, dir: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(dir)?;
    if rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix('/')
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

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(db: &TestDb, files: &[&str], links: &[(&str, &str)]) -> Workspace {
        let files = files
            .iter()
            .map(|p| SourceFile::new(db, (*p).into(), Arc::from("{ }")))
            .collect();
        let links = links
            .iter()
            .map(|(path, target)| Link {
                path: (*path).into(),
                target: (*target).into(),
            })
            .collect();
        Workspace::new(db, "/flake".into(), files, Arc::default(), links)
    }

    #[test]
    fn files_are_found_through_links() {
        let db = TestDb::default();
        let ws = workspace(
            &db,
            &["hosts/real/default.nix", "hosts/real/disk.nix"],
            &[("hosts/alias", "hosts/real"), ("top", "")],
        );
        let found = |p: &str| ws.file(&db, p).map(|f| f.path(&db).to_string());
        assert_eq!(
            found("hosts/alias/disk.nix").as_deref(),
            Some("hosts/real/disk.nix")
        );
        assert_eq!(
            found("top/hosts/alias/default.nix").as_deref(),
            Some("hosts/real/default.nix")
        );
        assert_eq!(found("hosts/aliased/disk.nix"), None);
        assert_eq!(
            ws.resolve_links(&db, "hosts/alias").as_deref(),
            Some("hosts/real")
        );
        assert_eq!(ws.resolve_links(&db, "hosts/real"), None);
    }

    #[test]
    fn a_loop_of_links_resolves_to_nothing() {
        let db = TestDb::default();
        let ws = workspace(&db, &[], &[("a", "b"), ("b", "a")]);
        assert_eq!(ws.resolve_links(&db, "a/x.nix"), None);
    }
}
