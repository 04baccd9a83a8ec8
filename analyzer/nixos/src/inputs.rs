//! Where each locked input's source lies on this machine, and where it came from: an
//! override (`--override-input`, `[inputs]` of `qg.toml`), or the Nix store at the path
//! its `narHash` gives (under `--store DIR` when set, as Nix's local chroot stores do).
//! An input found nowhere is not available: the flake falls back to qg's models.
//!
//! Only the folders found here (and the flake root) may be read by an evaluation.

use std::path::{Path, PathBuf};

use crate::lock::FlakeLock;

/// How inputs are looked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct InputOptions {
    /// `INPUT=PATH` overrides; `INPUT` is a name or a path of names (`home-manager/nixpkgs`),
    /// `PATH` a folder or a `path:` flake reference.
    pub overrides: Vec<(String, PathBuf)>,
    /// A chroot store: store paths stay `/nix/store/...`, their files are read under
    /// `DIR/nix/store/...`.
    pub store: Option<PathBuf>,
}

/// Where an input's source was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InputOrigin {
    /// Given by `--override-input` or `qg.toml`.
    Override,
    /// The store path computed from the lock's `narHash` exists.
    Store,
    /// A `path:` input: inside its parent's source (relative), or an absolute folder whose
    /// NAR hash is the lock's.
    Path,
}

/// One input, found or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InputSource {
    /// The input path from the root (`nixpkgs`, `home-manager/nixpkgs`).
    pub name: String,
    /// The folder holding the input's source (its `dir` applied), when found.
    pub folder: Option<PathBuf>,
    /// The path Nix knows the source by (`/nix/store/...-source`), when the lock gives one.
    pub store_path: Option<String>,
    pub origin: Option<InputOrigin>,
    /// Whether the input is a flake (`flake = false` in the lock says it is not).
    pub flake: bool,
    /// Why the input is not available, for notes.
    pub missing: Option<String>,
}

/// Looks for the input at `path` (names from the root).
pub fn locate_input(
    lock: Option<&FlakeLock>,
    path: &[&str],
    options: &InputOptions,
) -> InputSource {
    let name = path.join("/");
    let node = lock.and_then(|l| l.resolve(path).ok().flatten());
    let locked = node
        .as_deref()
        .and_then(|key| lock?.node(key))
        .and_then(|n| n.locked.clone());
    let flake = node
        .as_deref()
        .and_then(|key| lock?.node(key))
        .is_none_or(|n| n.flake);
    let store_path = node.as_deref().and_then(|key| lock?.store_path(key));
    let dir = locked.as_ref().and_then(|l| l.dir.clone());
    let with_dir = |folder: PathBuf| match &dir {
        Some(d) if !d.is_empty() => folder.join(d),
        _ => folder,
    };
    if let Some(folder) = override_for(&name, node.as_deref(), lock, options) {
        return InputSource {
            name,
            folder: Some(folder),
            store_path,
            origin: Some(InputOrigin::Override),
            flake,
            missing: None,
        };
    }
    let missing = match &store_path {
        Some(store) => {
            let on_disk = on_disk(store, options);
            if on_disk.is_dir() {
                return InputSource {
                    name,
                    folder: Some(with_dir(on_disk)),
                    store_path,
                    origin: Some(InputOrigin::Store),
                    flake,
                    missing: None,
                };
            }
            format!(
                "{} is not in the store (`nix flake archive` copies every input there, or give it with --override-input {name} PATH)",
                on_disk.display()
            )
        }
        None if lock.is_none() => {
            "the flake has no flake.lock (give the input with --override-input)".to_string()
        }
        None if node.is_none() => format!("input '{name}' is not in flake.lock"),
        None if locked.as_ref().is_some_and(|l| l.kind == "file") => format!(
            "input '{name}' is a file, whose store path does not follow from flake.lock (give \
             it with --override-input {name} PATH)"
        ),
        None => format!("the lock of input '{name}' has no narHash, so its store path is unknown"),
    };
    InputSource {
        name,
        folder: None,
        store_path,
        origin: None,
        flake,
        missing: Some(missing),
    }
}

/// The override given for this input path, or for any input path that leads to the same
/// lock node (an override of `nixpkgs` applies to every input that follows it).
fn override_for(
    name: &str,
    node: Option<&str>,
    lock: Option<&FlakeLock>,
    options: &InputOptions,
) -> Option<PathBuf> {
    let direct = options.overrides.iter().rev().find(|(n, _)| n == name);
    let followed = || {
        options.overrides.iter().rev().find(|(n, _)| {
            let names: Vec<&str> = n.split('/').collect();
            node.is_some()
                && lock
                    .and_then(|l| l.resolve(&names).ok().flatten())
                    .as_deref()
                    == node
        })
    };
    direct
        .or_else(followed)
        .map(|(_, path)| override_folder(path))
}

/// A `path:` flake reference or a folder, as given.
fn override_folder(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    match text.strip_prefix("path:") {
        Some(rest) => PathBuf::from(rest.split('?').next().unwrap_or(rest)),
        None => path.to_path_buf(),
    }
}

/// Where the files of a store path are read: under the chroot store when one is given.
pub fn on_disk(store_path: &str, options: &InputOptions) -> PathBuf {
    match &options.store {
        Some(chroot) => chroot.join(store_path.trim_start_matches('/')),
        None => PathBuf::from(store_path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock() -> FlakeLock {
        FlakeLock::parse(
            r#"{ "version": 7, "root": "root", "nodes": {
              "root": { "inputs": { "nixpkgs": "nixpkgs", "hm": "hm", "parts": "parts" } },
              "nixpkgs": { "locked": { "type": "github",
                "narHash": "sha256-3XYHZANT6AFBV0BqegkAZHbba6oeDkIUCDwbATLMhAY=" } },
              "hm": { "inputs": { "nixpkgs": ["nixpkgs"] }, "locked": { "type": "github",
                "narHash": "sha256-iUUXyRY8iW7DGirb0zwGgf1fRbLA7wimTJKgP7l/OQ8=", "dir": "flake" } },
              "parts": { "flake": false, "locked": { "type": "github" } }
            } }"#,
        )
        .unwrap()
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("qg-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_store_folder_holds_inputs_at_their_computed_paths() {
        let store = scratch("store");
        let hm = store.join("nix/store/i00sflxqsj37lfmf95m8mn0grv615hpj-source/flake");
        std::fs::create_dir_all(&hm).unwrap();
        let options = InputOptions {
            store: Some(store.clone()),
            ..InputOptions::default()
        };
        let lock = lock();
        let found = locate_input(Some(&lock), &["hm"], &options);
        assert_eq!(found.origin, Some(InputOrigin::Store));
        assert_eq!(found.folder.as_deref(), Some(hm.as_path()));
        let missing = locate_input(Some(&lock), &["nixpkgs"], &options);
        assert_eq!(missing.origin, None);
        assert!(missing
            .missing
            .unwrap()
            .contains("sl5vvk8mb4ma1sjyy03kwpvkz50hd22d-source"));
        let no_hash = locate_input(Some(&lock), &["parts"], &options);
        assert!(!no_hash.flake);
        assert!(no_hash.missing.unwrap().contains("no narHash"));
        let _ = std::fs::remove_dir_all(&store);
    }

    #[test]
    fn an_override_applies_to_the_inputs_that_follow_it() {
        let options = InputOptions {
            overrides: vec![("nixpkgs".into(), PathBuf::from("path:/src/nixpkgs"))],
            ..InputOptions::default()
        };
        let lock = lock();
        let followed = locate_input(Some(&lock), &["hm", "nixpkgs"], &options);
        assert_eq!(followed.origin, Some(InputOrigin::Override));
        assert_eq!(followed.folder.as_deref(), Some(Path::new("/src/nixpkgs")));
        let other = locate_input(Some(&lock), &["hm"], &options);
        assert_eq!(other.origin, None);
    }
}
