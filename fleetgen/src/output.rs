//! The output directory: prepared once, then filled file by file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A fleet directory being written; counts the `.nix` files written into it.
pub(crate) struct FleetDir {
    root: PathBuf,
    nix_files: usize,
}

impl FleetDir {
    /// Creates `root`, emptying it first if it already holds a fleet.
    ///
    /// A non-empty directory without a `flake.nix` is refused rather than
    /// wiped, so a mistyped path cannot destroy unrelated files.
    pub(crate) fn prepare(root: &Path) -> io::Result<FleetDir> {
        if root.exists() {
            refuse_foreign_directory(root)?;
            fs::remove_dir_all(root)?;
        }
        fs::create_dir_all(root)?;
        Ok(FleetDir {
            root: root.to_path_buf(),
            nix_files: 0,
        })
    }

    /// Writes `contents` to `relative_path`, creating parent directories.
    pub(crate) fn write(&mut self, relative_path: &str, contents: &str) -> io::Result<()> {
        let path = self.root.join(relative_path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, contents)?;
        if relative_path.ends_with(".nix") {
            self.nix_files += 1;
        }
        Ok(())
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn nix_files(&self) -> usize {
        self.nix_files
    }
}

fn refuse_foreign_directory(root: &Path) -> io::Result<()> {
    if !root.is_dir() {
        let message = format!("{} exists and is not a directory", root.display());
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, message));
    }
    let is_empty = fs::read_dir(root)?.next().is_none();
    if is_empty || root.join("flake.nix").is_file() {
        return Ok(());
    }
    let message = format!(
        "refusing to empty {}: it is not empty and holds no flake.nix",
        root.display()
    );
    Err(io::Error::new(io::ErrorKind::AlreadyExists, message))
}
