//! Finding the flake root and the files Nix would see.
//!
//! A flake in a git repository sees only the files git tracks (staged ones included), so the
//! file set comes from `git ls-files`; outside git it is a walk that honours `.gitignore`.
//! Only the kinds of file later stages read are kept.
//!
//! A symbolic link in the file set (`hosts/alias -> real`) is kept as a [`Link`] when its
//! target lies inside the flake: Nix copies the link into the store and reading through it
//! reaches the target, so paths below the link resolve to the target's files
//! ([`crate::Workspace::resolve_links`]). A link that leaves the flake is dropped: nothing
//! outside the root is read.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The kinds of file qg reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Nix,
    Yaml,
    Json,
}

impl FileKind {
    pub fn of(path: &str) -> Option<FileKind> {
        let ext = path.rsplit_once('.').map(|(_, ext)| ext)?;
        match ext {
            "nix" => Some(FileKind::Nix),
            "yaml" | "yml" => Some(FileKind::Yaml),
            "json" => Some(FileKind::Json),
            _ => None,
        }
    }
}

/// The nearest directory at or above `start` holding a `flake.nix`.
pub fn find_flake_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    let mut dir = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    loop {
        if dir.join("flake.nix").is_file() {
            return Some(dir.to_path_buf());
        }
        dir = dir.parent()?;
    }
}

/// How the file set was found; shown by `--timings` and useful when files seem missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSource {
    GitIndex,
    Walk,
}

/// A symbolic link of the flake whose target is inside it: both paths relative to the root,
/// the target with every link along it resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Link {
    pub path: String,
    pub target: String,
}

/// What the flake holds: the files qg reads and the links that lead to its other files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlakeFileSet {
    /// Relative paths (with `/`) of the regular files qg reads, sorted.
    pub files: Vec<String>,
    /// Links whose target stays inside the root, sorted by path.
    pub links: Vec<Link>,
    pub source: FileSource,
}

/// Relative paths (with `/`) of the files of the flake that qg reads, sorted.
pub fn flake_files(root: &Path) -> io::Result<(Vec<String>, FileSource)> {
    let set = flake_file_set(root)?;
    Ok((set.files, set.source))
}

/// The files and in-flake links of the flake at `root`.
pub fn flake_file_set(root: &Path) -> io::Result<FlakeFileSet> {
    let (mut paths, source) = match git_tracked_files(root) {
        Some(paths) => (paths, FileSource::GitIndex),
        None => (walk_files(root)?, FileSource::Walk),
    };
    let nested = nested_flake_dirs(&paths);
    paths.retain(|p| !nested.iter().any(|dir| p.starts_with(dir.as_str())));
    let (links, mut files): (Vec<String>, Vec<String>) =
        paths.into_iter().partition(|p| root.join(p).is_symlink());
    files.retain(|p| FileKind::of(p).is_some() && root.join(p).is_file());
    files.sort();
    files.dedup();
    let mut links: Vec<Link> = links
        .into_iter()
        .filter_map(|path| link_inside(root, path))
        .collect();
    links.sort();
    links.dedup();
    Ok(FlakeFileSet {
        files,
        links,
        source,
    })
}

/// The link at `path` with its resolved target, if that target exists inside the root.
fn link_inside(root: &Path, path: String) -> Option<Link> {
    let root = root.canonicalize().ok()?;
    let target = root.join(&path).canonicalize().ok()?;
    let target = to_rel_string(target.strip_prefix(&root).ok()?);
    (target != path).then_some(Link { path, target })
}

/// Directories (with a trailing `/`) below the root that hold a flake of their own: their
/// files belong to that flake, as a file belongs to its nearest `flake.nix`.
fn nested_flake_dirs(paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|p| p.strip_suffix("/flake.nix"))
        .map(|dir| format!("{dir}/"))
        .collect()
}

fn git_tracked_files(root: &Path) -> Option<Vec<String>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-files", "-z", "--cached", "--full-name", "--", "."])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let prefix = git_prefix(root)?;
    let listing = String::from_utf8_lossy(&output.stdout);
    let paths = listing
        .split('\0')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.strip_prefix(prefix.as_str()).map(str::to_string))
        .collect();
    Some(paths)
}

/// The path of `root` inside its repository, with a trailing `/` (empty at the top).
fn git_prefix(root: &Path) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--show-prefix"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn walk_files(root: &Path) -> io::Result<Vec<String>> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    let mut paths = Vec::new();
    for entry in walker {
        let entry = entry.map_err(io::Error::other)?;
        // Links are listed, not followed: the caller keeps those that stay in the flake.
        if !entry
            .file_type()
            .is_some_and(|t| t.is_file() || t.is_symlink())
        {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            paths.push(to_rel_string(rel));
        }
    }
    Ok(paths)
}

/// A relative path with `/` separators on every platform.
pub fn to_rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a file as text; invalid UTF-8 is replaced rather than refused, so the rest of
/// the file is still analysed.
pub fn read_text(path: &Path) -> io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("qg-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn root_is_nearest_flake_upwards() {
        let dir = temp_dir("root");
        std::fs::create_dir_all(dir.join("hosts/a")).unwrap();
        std::fs::write(dir.join("flake.nix"), "{ }").unwrap();
        std::fs::write(dir.join("hosts/a/configuration.nix"), "{ }").unwrap();
        let root = find_flake_root(&dir.join("hosts/a/configuration.nix")).unwrap();
        assert_eq!(root, dir.canonicalize().unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn walk_honours_gitignore_and_kinds() {
        let dir = temp_dir("walk");
        std::fs::create_dir_all(dir.join("secrets")).unwrap();
        std::fs::write(dir.join("flake.nix"), "{ }").unwrap();
        std::fs::write(dir.join(".gitignore"), "ignored.nix\n").unwrap();
        std::fs::write(dir.join("ignored.nix"), "{ }").unwrap();
        std::fs::write(dir.join("notes.txt"), "x").unwrap();
        std::fs::write(dir.join(".sops.yaml"), "creation_rules: []").unwrap();
        std::fs::write(dir.join("secrets/secrets.yaml"), "a: b").unwrap();
        std::fs::create_dir_all(dir.join("examples/other")).unwrap();
        std::fs::write(dir.join("examples/other/flake.nix"), "{ }").unwrap();
        std::fs::write(dir.join("examples/other/module.nix"), "{ }").unwrap();
        let (files, source) = flake_files(&dir).unwrap();
        assert_eq!(source, FileSource::Walk);
        assert_eq!(files, [".sops.yaml", "flake.nix", "secrets/secrets.yaml"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Runs `git -C dir ARGS`; `Ok(true)` when it succeeded.
    fn git_in(dir: &Path) -> impl Fn(&[&str]) -> std::io::Result<bool> + '_ {
        move |args| {
            Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(args)
                .output()
                .map(|o| o.status.success())
        }
    }

    #[test]
    fn git_sees_only_tracked_files() {
        let dir = temp_dir("git");
        let git = git_in(&dir);
        if git(&["init", "-q"]).ok() != Some(true) {
            eprintln!("git not available; skipping");
            return;
        }
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/flake.nix"), "{ }").unwrap();
        std::fs::write(dir.join("sub/tracked.nix"), "{ }").unwrap();
        std::fs::write(dir.join("sub/untracked.nix"), "{ }").unwrap();
        assert_eq!(
            git(&["add", "sub/flake.nix", "sub/tracked.nix"]).ok(),
            Some(true)
        );
        let (files, source) = flake_files(&dir.join("sub")).unwrap();
        assert_eq!(source, FileSource::GitIndex);
        assert_eq!(files, ["flake.nix", "tracked.nix"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A folder with `hosts/real/default.nix`, a link `hosts/alias -> real`, a link to a
    /// file and a link that leaves the folder.
    fn flake_with_links(dir: &Path) {
        std::fs::create_dir_all(dir.join("hosts/real")).unwrap();
        std::fs::write(dir.join("flake.nix"), "{ }").unwrap();
        std::fs::write(dir.join("hosts/real/default.nix"), "{ }").unwrap();
        std::os::unix::fs::symlink("real", dir.join("hosts/alias")).unwrap();
        std::os::unix::fs::symlink("real/default.nix", dir.join("hosts/same.nix")).unwrap();
        std::os::unix::fs::symlink("/etc", dir.join("outside")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.join("outside.nix")).unwrap();
    }

    fn expected_links() -> Vec<Link> {
        let link = |path: &str, target: &str| Link {
            path: path.into(),
            target: target.into(),
        };
        vec![
            link("hosts/alias", "hosts/real"),
            link("hosts/same.nix", "hosts/real/default.nix"),
        ]
    }

    #[test]
    fn walk_keeps_links_inside_the_flake_only() {
        let dir = temp_dir("links-walk");
        flake_with_links(&dir);
        let set = flake_file_set(&dir).unwrap();
        assert_eq!(set.source, FileSource::Walk);
        assert_eq!(set.files, ["flake.nix", "hosts/real/default.nix"]);
        assert_eq!(set.links, expected_links());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn git_keeps_tracked_links_inside_the_flake_only() {
        let dir = temp_dir("links-git");
        let git = git_in(&dir);
        if git(&["init", "-q"]).ok() != Some(true) {
            eprintln!("git not available; skipping");
            return;
        }
        flake_with_links(&dir);
        assert_eq!(git(&["add", "."]).ok(), Some(true));
        let set = flake_file_set(&dir).unwrap();
        assert_eq!(set.source, FileSource::GitIndex);
        assert_eq!(set.files, ["flake.nix", "hosts/real/default.nix"]);
        assert_eq!(set.links, expected_links());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
