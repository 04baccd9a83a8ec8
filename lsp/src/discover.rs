//! Flake roots of the workspace folders: the flake each folder is in, and every `flake.nix`
//! below it (a monorepo may hold several fleets).

use std::path::{Path, PathBuf};

/// Directories never searched for flakes: VCS data, build output, dependencies.
const SKIPPED: &[&str] = &[".git", "target", "node_modules", "result", ".direnv"];
const MAX_DEPTH: usize = 8;

pub fn flake_roots(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for folder in folders {
        if let Some(root) = qg_ide::find_flake_root(folder) {
            roots.push(root);
        }
        roots.extend(flakes_below(folder));
    }
    roots.sort();
    roots.dedup();
    roots
}

fn flakes_below(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![(folder.to_path_buf(), 0)];
    while let Some((dir, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && depth < MAX_DEPTH && !SKIPPED.iter().any(|s| name == *s) {
                pending.push((entry.path(), depth + 1));
            } else if kind.is_file() && name == "flake.nix" {
                if let Ok(root) = dir.canonicalize() {
                    found.push(root);
                }
            }
        }
    }
    found
}
