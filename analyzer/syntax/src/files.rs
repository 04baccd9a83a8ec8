//! Finding the flake root and the files Nix would see.
//!
//! A flake in a git repository sees only the files git tracks (staged ones included), so the
//! file set comes from `git ls-files`; outside git it is a walk that honours `.gitignore`.
//! Only the kinds of file later stages read are kept.

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

/// Relative paths (with `/`) of the files of the flake that qg reads, sorted.
pub fn flake_files(root: &Path) -> io::Result<(Vec<String>, FileSource)> {
    let (mut paths, source) = match git_tracked_files(root) {
        Some(paths) => (paths, FileSource::GitIndex),
        None => (walk_files(root)?, FileSource::Walk),
    };
    let nested = nested_flake_dirs(&paths);
    paths.retain(|p| !nested.iter().any(|dir| p.starts_with(dir.as_str())));
    paths.retain(|p| FileKind::of(p).is_some() && root.join(p).is_file());
    paths.sort();
    paths.dedup();
    Ok((paths, source))
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
        if !entry.file_type().is_some_and(|t| t.is_file()) {
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

    #[test]
    fn git_sees_only_tracked_files() {
        let dir = temp_dir("git");
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(&dir)
                .args(args)
                .output()
                .map(|o| o.status.success())
        };
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
}
