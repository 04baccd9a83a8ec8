//! Where each locked input's source lies on this machine, and where it came from: an
//! override (`--override-input`, `[inputs]` of `qg.toml`), the Nix store at the path
//! its `narHash` gives (under `--store DIR` when set, as Nix's local chroot stores do),
//! or, when that path is absent, a folder the system registry (`/etc/nix/registry.json`)
//! or `NIX_PATH` names for it, used only when its NAR hash is the lock's `narHash` (the
//! system's nixpkgs is usually another revision). An input found nowhere is not
//! available: the flake falls back to qg's models.
//!
//! Only the folders found here (and the flake root) may be read by an evaluation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::lock::FlakeLock;

/// How inputs are looked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct InputOptions {
    /// `INPUT=PATH` overrides; `INPUT` is a name or a path of names (`home-manager/nixpkgs`),
    /// `PATH` a folder or a `path:` flake reference.
    pub overrides: Vec<(String, PathBuf)>,
    /// A chroot store: store paths are still computed for `/nix/store`, their files are read
    /// under `DIR/nix/store/...`.
    pub store: Option<PathBuf>,
    /// Where an input absent from the store may be found instead.
    pub fallbacks: Fallbacks,
}

/// The folders a machine names for flakes outside the store paths of a lock: the system
/// registry's `path` entries and `NIX_PATH`'s entries. A folder found there stands for an
/// input only when its NAR hash is the lock's `narHash`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Fallbacks {
    /// The system registry file read (`/etc/nix/registry.json`), if any.
    pub registry_file: Option<PathBuf>,
    /// Its entries: flake id (`nixpkgs`) and the folder of a `path` target.
    pub registry: Vec<(String, PathBuf)>,
    /// `NIX_PATH`: `(Some(prefix), path)` for `prefix=path`, `(None, dir)` for a bare
    /// folder; `flake:ID` targets resolved through the registry.
    pub nix_path: Vec<(Option<String>, PathBuf)>,
}

/// The environment variable naming the system registry file to read instead of
/// `/etc/nix/registry.json` (empty: none), for tests and machines that keep it elsewhere.
pub const REGISTRY_VAR: &str = "QG_NIX_REGISTRY";

impl Fallbacks {
    /// This machine's: the registry of `$QG_NIX_REGISTRY` (else `/etc/nix/registry.json`)
    /// and `$NIX_PATH`.
    pub fn from_env() -> Fallbacks {
        let registry = match std::env::var_os(REGISTRY_VAR) {
            Some(v) if v.is_empty() => None,
            Some(v) => Some(PathBuf::from(v)),
            None => Some(PathBuf::from("/etc/nix/registry.json")),
        };
        let text = registry
            .as_deref()
            .and_then(|p| std::fs::read_to_string(p).ok());
        let nix_path = std::env::var("NIX_PATH").unwrap_or_default();
        Fallbacks::parse(registry, text.as_deref(), &nix_path)
    }

    /// The fallbacks of a registry file's text (version 2) and a `NIX_PATH` value.
    pub fn parse(
        registry_file: Option<PathBuf>,
        registry: Option<&str>,
        nix_path: &str,
    ) -> Fallbacks {
        let registry = registry.map(parse_registry).unwrap_or_default();
        let resolve = |target: &str| -> Option<PathBuf> {
            match target.strip_prefix("flake:") {
                Some(id) => registry
                    .iter()
                    .find(|(i, _)| i == id)
                    .map(|(_, p)| p.clone()),
                None => Some(PathBuf::from(target)),
            }
        };
        // Entries are separated by `:`, but `nixpkgs=flake:nixpkgs` holds one of its own.
        let mut entries: Vec<String> = Vec::new();
        for part in nix_path.split(':').filter(|e| !e.is_empty()) {
            match entries.last_mut() {
                Some(last) if last.ends_with("=flake") || last == "flake" => {
                    last.push(':');
                    last.push_str(part);
                }
                _ => entries.push(part.to_string()),
            }
        }
        let nix_path = entries
            .into_iter()
            .filter_map(|e| match e.split_once('=') {
                Some((prefix, target)) => Some((Some(prefix.to_string()), resolve(target)?)),
                None if e.starts_with("flake:") => None,
                None => Some((None, PathBuf::from(e))),
            })
            .collect();
        Fallbacks {
            registry_file: if registry.is_empty() {
                None
            } else {
                registry_file
            },
            registry,
            nix_path,
        }
    }

    /// The folders named for any of `ids`, each with its origin and the entry that named it.
    fn candidates(&self, ids: &[String]) -> Vec<(PathBuf, InputOrigin, String)> {
        let mut out = Vec::new();
        let file = self
            .registry_file
            .as_deref()
            .map_or_else(|| "the registry".to_string(), |f| f.display().to_string());
        for id in ids {
            for (entry, folder) in self.registry.iter().filter(|(e, _)| e == id) {
                out.push((
                    folder.clone(),
                    InputOrigin::Registry,
                    format!("{file}: {entry}"),
                ));
            }
        }
        for id in ids {
            for (prefix, folder) in &self.nix_path {
                match prefix {
                    Some(p) if p == id => out.push((
                        folder.clone(),
                        InputOrigin::NixPath,
                        format!("NIX_PATH {p}={}", folder.display()),
                    )),
                    None => {
                        let below = folder.join(id);
                        if below.is_dir() {
                            out.push((
                                below,
                                InputOrigin::NixPath,
                                format!("NIX_PATH {}", folder.display()),
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// The `path` targets of a registry (`{ "version": 2, "flakes": [ { "from", "to" } ] }`).
fn parse_registry(text: &str) -> Vec<(String, PathBuf)> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let text =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_string);
    json.get("flakes")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let from = entry.get("from")?;
            let to = entry.get("to")?;
            let indirect = text(from, "type").as_deref() == Some("indirect");
            if !indirect || text(to, "type").as_deref() != Some("path") {
                return None;
            }
            Some((text(from, "id")?, PathBuf::from(text(to, "path")?)))
        })
        .collect()
}

/// Where an input's source was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InputOrigin {
    /// Given by `--override-input` or `qg.toml`.
    Override,
    /// The store path computed from the lock's `narHash` exists.
    Store,
    /// A `path` entry of the system registry, whose NAR hash is the lock's.
    Registry,
    /// An entry of `NIX_PATH`, whose NAR hash is the lock's.
    NixPath,
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
    /// For an input found through a fallback: the entry that named it
    /// (`/etc/nix/registry.json: nixpkgs`, `NIX_PATH nixpkgs=...`).
    pub via: Option<String>,
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
            via: None,
        };
    }
    let missing = match &store_path {
        Some(store) => {
            let on_disk = on_disk(store, options.store.as_deref());
            if on_disk.is_dir() {
                return InputSource {
                    name,
                    folder: Some(with_dir(on_disk)),
                    store_path,
                    origin: Some(InputOrigin::Store),
                    flake,
                    missing: None,
                    via: None,
                };
            }
            let lock_node = node.as_deref().and_then(|key| lock?.node(key));
            let mut ids: Vec<String> = Vec::new();
            for id in [
                lock_node.and_then(|n| n.original_id.clone()),
                path.last().map(|s| s.to_string()),
                locked.as_ref().and_then(|l| l.repo.clone()),
            ]
            .into_iter()
            .flatten()
            {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let wanted = locked
                .as_ref()
                .and_then(|l| qg_eval::sha256_from_sri(l.nar_hash.as_deref()?));
            let mut others = Vec::new();
            for (folder, origin, via) in options.fallbacks.candidates(&ids) {
                let folder = match folder.to_str() {
                    Some(t) if t.starts_with("/nix/store/") => {
                        self::on_disk(t, options.store.as_deref())
                    }
                    _ => folder,
                };
                if wanted.is_some_and(|w| same_tree(&folder, store, &w)) {
                    return InputSource {
                        name,
                        folder: Some(with_dir(folder)),
                        store_path,
                        origin: Some(origin),
                        flake,
                        missing: None,
                        via: Some(via),
                    };
                }
                others.push(via);
            }
            let others = match others.len() {
                0 => String::new(),
                1 => format!(
                    "; {} names another tree (its NAR hash is not the lock's narHash)",
                    others[0]
                ),
                _ => format!(
                    "; {} name other trees (their NAR hashes are not the lock's narHash)",
                    others.join(", ")
                ),
            };
            format!(
                "{} is not in the store{others} (`nix flake archive` copies every input there, or give it with --override-input {name} PATH)",
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
        via: None,
    }
}

/// Whether a folder is the tree whose NAR hash is `wanted` (that of `store_path`, which is
/// absent). A folder that is itself a store path of the same name is another tree without
/// hashing it (its path would be `store_path` otherwise); other folders are hashed once
/// per process (a channel's `nixos` folder, a checkout).
fn same_tree(folder: &Path, store_path: &str, wanted: &[u8; 32]) -> bool {
    let Ok(real) = folder.canonicalize() else {
        return false;
    };
    let name = store_path
        .strip_prefix("/nix/store/")
        .and_then(|b| b.split_once('-'))
        .map_or("source", |(_, n)| n);
    if let Some(base) = real.to_str().and_then(|t| t.strip_prefix("/nix/store/")) {
        if !base.contains('/') && base.split_once('-').is_some_and(|(_, n)| n == name) {
            return false;
        }
    }
    type Cache = Mutex<HashMap<PathBuf, Option<[u8; 32]>>>;
    static HASHES: OnceLock<Cache> = OnceLock::new();
    let cache = HASHES.get_or_init(Cache::default);
    if let Some(known) = cache.lock().ok().and_then(|c| c.get(&real).copied()) {
        return known.as_ref() == Some(wanted);
    }
    let hash = qg_eval::nar_sha256(&qg_eval::DiskLoader, &real).ok();
    if let Ok(mut c) = cache.lock() {
        c.insert(real, hash);
    }
    hash.as_ref() == Some(wanted)
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

/// Where the files of a store path are read: under the chroot store (`--store DIR`) when one
/// is given. It takes the store alone, so that `flake_inputs`' mounts, which keep no other
/// option, read store paths the same way.
pub fn on_disk(store_path: &str, store: Option<&Path>) -> PathBuf {
    match store {
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
    fn registry_and_nix_path_entries_are_read_as_nix_writes_them() {
        let registry = r#"{ "version": 2, "flakes": [
          { "from": { "type": "indirect", "id": "nixpkgs" },
            "to": { "type": "path", "path": "/nix/store/abc-source" } },
          { "from": { "type": "indirect", "id": "hm" },
            "to": { "type": "github", "owner": "nix-community", "repo": "home-manager" } }
        ] }"#;
        let f = Fallbacks::parse(
            Some(PathBuf::from("/etc/nix/registry.json")),
            Some(registry),
            "nixpkgs=flake:nixpkgs:nixos-config=/etc/nixos/configuration.nix:/root/channels:x=flake:hm",
        );
        assert_eq!(
            f.registry,
            vec![(
                "nixpkgs".to_string(),
                PathBuf::from("/nix/store/abc-source")
            )]
        );
        assert_eq!(
            f.nix_path,
            vec![
                (
                    Some("nixpkgs".into()),
                    PathBuf::from("/nix/store/abc-source")
                ),
                (
                    Some("nixos-config".into()),
                    PathBuf::from("/etc/nixos/configuration.nix")
                ),
                (None, PathBuf::from("/root/channels")),
            ]
        );
        // A folder that is not there is no tree (and hashes nothing).
        let wanted = [0u8; 32];
        assert!(!same_tree(
            Path::new("/nix/store/abc-source"),
            "/nix/store/def-source",
            &wanted
        ));
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
