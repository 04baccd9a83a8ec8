//! `flake.lock`: the locked inputs of a flake, their `follows`, and the store path where
//! each one's source lies (computed from its `narHash` as Nix does, without asking Nix).
//!
//! Versions 5 to 7 share the shape read here: `{ version, root, nodes }`, where a node has
//! `inputs` (name → node key, or a `follows` path from the root), `locked` (the fetcher's
//! attributes: `type`, `narHash`, `dir`, `name`, `path`...) and `flake` (false for inputs
//! that are not flakes). See `../shared/facts/nixpkgs-and-home-manager.md` §1.

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// A parsed `flake.lock`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlakeLock {
    pub version: u64,
    root: String,
    nodes: BTreeMap<String, LockNode>,
}

/// One node of the lock graph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LockNode {
    pub inputs: BTreeMap<String, InputEdge>,
    pub locked: Option<Locked>,
    /// False for `flake = false` inputs: their source is not a flake.
    pub flake: bool,
    /// For a relative `path:` input, the node whose source it lies in.
    pub parent: Option<Vec<String>>,
    /// The flake id of an input written as a registry name (`original` of type
    /// `indirect`: `nixpkgs` for `inputs.nixpkgs.url = "nixpkgs/nixos-unstable"`).
    pub original_id: Option<String>,
}

/// Where an input of a node leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputEdge {
    /// A node key.
    Node(String),
    /// A `follows`: a path of input names from the root node (empty: no input).
    Follows(Vec<String>),
}

/// The `locked` attributes qg uses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Locked {
    /// `github`, `git`, `path`, `tarball`...
    pub kind: String,
    /// SRI `sha256-<base64>` of the source's NAR serialisation.
    pub nar_hash: Option<String>,
    /// The store path's name (`source` unless the lock says otherwise).
    pub name: Option<String>,
    /// The folder inside the source that holds `flake.nix`.
    pub dir: Option<String>,
    /// For `path` inputs: the path.
    pub path: Option<String>,
    /// `github`/`gitlab`/`sourcehut`: the owner and the repository.
    pub owner: Option<String>,
    pub repo: Option<String>,
    /// `git`/`tarball`/`file`: the URL.
    pub url: Option<String>,
    /// The commit, when the fetcher has one.
    pub rev: Option<String>,
    /// Seconds since the epoch of the last modification (the commit's time).
    pub last_modified: Option<i64>,
    /// `git`: the number of commits.
    pub rev_count: Option<i64>,
}

/// Why a lock or an input path could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockError(pub String);

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl FlakeLock {
    /// Parses the text of a `flake.lock`.
    pub fn parse(text: &str) -> Result<FlakeLock, LockError> {
        let json: Json = serde_json::from_str(text)
            .map_err(|e| LockError(format!("flake.lock is not JSON: {e}")))?;
        let version = json.get("version").and_then(Json::as_u64).unwrap_or(0);
        if !(5..=7).contains(&version) {
            return Err(LockError(format!(
                "flake.lock has version {version}; qg reads versions 5 to 7"
            )));
        }
        let root = json
            .get("root")
            .and_then(Json::as_str)
            .unwrap_or("root")
            .to_string();
        let nodes = json
            .get("nodes")
            .and_then(Json::as_object)
            .ok_or_else(|| LockError("flake.lock has no nodes".to_string()))?
            .iter()
            .map(|(key, node)| (key.clone(), parse_node(node)))
            .collect();
        Ok(FlakeLock {
            version,
            root,
            nodes,
        })
    }

    pub fn node(&self, key: &str) -> Option<&LockNode> {
        self.nodes.get(key)
    }

    /// The key of the root node (the flake itself).
    pub fn root_key(&self) -> &str {
        &self.root
    }

    /// The node that input `name` of node `key` leads to (`follows` resolved from the
    /// root); `Ok(None)` for an input that follows nothing.
    pub fn input_of(&self, key: &str, name: &str) -> Result<Option<String>, LockError> {
        let edge = self
            .nodes
            .get(key)
            .and_then(|n| n.inputs.get(name))
            .ok_or_else(|| LockError(format!("input '{name}' of '{key}' is not in flake.lock")))?;
        match edge {
            InputEdge::Node(target) => Ok(Some(target.clone())),
            InputEdge::Follows(path) if path.is_empty() => Ok(None),
            InputEdge::Follows(path) => {
                let names: Vec<&str> = path.iter().map(String::as_str).collect();
                self.resolve(&names)
            }
        }
    }

    /// The root's inputs, by name, with the node each leads to (`None` for an input that
    /// follows nothing).
    pub fn root_inputs(&self) -> Vec<(String, Option<String>)> {
        let Some(root) = self.nodes.get(&self.root) else {
            return Vec::new();
        };
        root.inputs
            .keys()
            .map(|name| (name.clone(), self.resolve(&[name.as_str()]).ok().flatten()))
            .collect()
    }

    /// The node an input path leads to, from the root (`["home-manager", "nixpkgs"]`):
    /// `follows` edges are resolved from the root, one step at a time, as Nix does.
    /// `Ok(None)` for an input that follows nothing (`follows = ""`).
    pub fn resolve(&self, path: &[&str]) -> Result<Option<String>, LockError> {
        self.resolve_from(&self.root, path, &mut Vec::new())
    }

    fn resolve_from(
        &self,
        start: &str,
        path: &[&str],
        visiting: &mut Vec<Vec<String>>,
    ) -> Result<Option<String>, LockError> {
        let mut node = start.to_string();
        for (i, name) in path.iter().enumerate() {
            let edge = self
                .nodes
                .get(&node)
                .and_then(|n| n.inputs.get(*name))
                .ok_or_else(|| {
                    LockError(format!(
                        "input '{}' is not in flake.lock",
                        path[..=i].join("/")
                    ))
                })?;
            node = match edge {
                InputEdge::Node(key) => key.clone(),
                InputEdge::Follows(target) if target.is_empty() => return Ok(None),
                InputEdge::Follows(target) => {
                    if visiting.contains(target) {
                        return Err(LockError(format!(
                            "follow cycle detected: [{}]",
                            target.join("/")
                        )));
                    }
                    visiting.push(target.clone());
                    let names: Vec<&str> = target.iter().map(String::as_str).collect();
                    let resolved = self.resolve_from(&self.root, &names, visiting)?;
                    visiting.pop();
                    match resolved {
                        Some(key) => key,
                        None => return Ok(None),
                    }
                }
            };
        }
        Ok(Some(node))
    }

    /// `/nix/store/<hash>-<name>` of a node's source, when its lock has a `narHash`.
    /// Not for `file` inputs: their store path does not follow from the lock (Nix stores
    /// the file itself, not its NAR).
    pub fn store_path(&self, key: &str) -> Option<String> {
        let locked = self.nodes.get(key)?.locked.as_ref()?;
        if locked.kind == "file" {
            return None;
        }
        let digest = qg_eval::sha256_from_sri(locked.nar_hash.as_deref()?)?;
        let name = locked.name.as_deref().unwrap_or("source");
        Some(qg_eval::source_store_path(&digest, name))
    }
}

fn parse_node(node: &Json) -> LockNode {
    let inputs = node
        .get("inputs")
        .and_then(Json::as_object)
        .map(|inputs| {
            inputs
                .iter()
                .filter_map(|(name, edge)| Some((name.clone(), parse_edge(edge)?)))
                .collect()
        })
        .unwrap_or_default();
    let locked = node.get("locked").and_then(Json::as_object).map(|l| {
        let text = |k: &str| l.get(k).and_then(Json::as_str).map(str::to_string);
        Locked {
            kind: text("type").unwrap_or_default(),
            nar_hash: text("narHash"),
            name: text("name"),
            dir: text("dir"),
            path: text("path"),
            owner: text("owner"),
            repo: text("repo"),
            url: text("url"),
            rev: text("rev"),
            last_modified: l.get("lastModified").and_then(Json::as_i64),
            rev_count: l.get("revCount").and_then(Json::as_i64),
        }
    });
    LockNode {
        inputs,
        locked,
        flake: node.get("flake").and_then(Json::as_bool).unwrap_or(true),
        parent: node.get("parent").and_then(string_list),
        original_id: node
            .get("original")
            .filter(|o| o.get("type").and_then(Json::as_str) == Some("indirect"))
            .and_then(|o| o.get("id"))
            .and_then(Json::as_str)
            .map(str::to_string),
    }
}

fn parse_edge(edge: &Json) -> Option<InputEdge> {
    match edge {
        Json::String(key) => Some(InputEdge::Node(key.clone())),
        Json::Array(_) => string_list(edge).map(InputEdge::Follows),
        _ => None,
    }
}

fn string_list(value: &Json) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"{
      "version": 7,
      "root": "root",
      "nodes": {
        "root": { "inputs": { "nixpkgs": "nixpkgs", "home-manager": "home-manager", "lonely": [] } },
        "nixpkgs": { "locked": { "type": "github", "owner": "o", "repo": "r", "rev": "x",
          "narHash": "sha256-3XYHZANT6AFBV0BqegkAZHbba6oeDkIUCDwbATLMhAY=" } },
        "home-manager": { "inputs": { "nixpkgs": ["nixpkgs"] },
          "locked": { "type": "github", "narHash": "sha256-iUUXyRY8iW7DGirb0zwGgf1fRbLA7wimTJKgP7l/OQ8=", "dir": "sub" } }
      }
    }"#;

    #[test]
    fn follows_resolve_from_the_root() {
        let lock = FlakeLock::parse(LOCK).unwrap();
        assert_eq!(
            lock.resolve(&["home-manager", "nixpkgs"])
                .unwrap()
                .as_deref(),
            Some("nixpkgs")
        );
        assert_eq!(lock.resolve(&["lonely"]).unwrap(), None);
        assert!(lock.resolve(&["nope"]).is_err());
        assert_eq!(
            lock.node("home-manager")
                .unwrap()
                .locked
                .as_ref()
                .unwrap()
                .dir
                .as_deref(),
            Some("sub")
        );
    }

    /// The worked examples of the facts sheet (`nix flake prefetch`'s documentation and
    /// Nix's own test data), recomputed there and here.
    #[test]
    fn store_paths_follow_from_the_nar_hash() {
        let lock = FlakeLock::parse(LOCK).unwrap();
        assert_eq!(
            lock.store_path("nixpkgs").as_deref(),
            Some("/nix/store/sl5vvk8mb4ma1sjyy03kwpvkz50hd22d-source")
        );
        assert_eq!(
            lock.store_path("home-manager").as_deref(),
            Some("/nix/store/i00sflxqsj37lfmf95m8mn0grv615hpj-source")
        );
    }

    #[test]
    fn inputs_of_a_node_and_what_the_lock_says_of_its_source() {
        let lock = FlakeLock::parse(
            r#"{ "version": 7, "root": "root", "nodes": {
              "root": { "inputs": { "a": "a", "b": "b" } },
              "a": { "inputs": { "b": ["b"], "none": [] },
                "locked": { "type": "github", "owner": "o", "repo": "a", "rev": "abc",
                  "lastModified": 17, "narHash": "sha256-3XYHZANT6AFBV0BqegkAZHbba6oeDkIUCDwbATLMhAY=" } },
              "b": { "locked": { "type": "file", "url": "https://x/y.nix",
                "narHash": "sha256-3XYHZANT6AFBV0BqegkAZHbba6oeDkIUCDwbATLMhAY=" } }
            } }"#,
        )
        .unwrap();
        assert_eq!(lock.root_key(), "root");
        assert_eq!(lock.input_of("a", "b").unwrap().as_deref(), Some("b"));
        assert_eq!(lock.input_of("a", "none").unwrap(), None);
        assert!(lock.input_of("a", "c").is_err());
        let a = lock.node("a").unwrap().locked.clone().unwrap();
        assert_eq!(
            (
                a.owner.as_deref(),
                a.repo.as_deref(),
                a.rev.as_deref(),
                a.last_modified
            ),
            (Some("o"), Some("a"), Some("abc"), Some(17))
        );
        // A `file` input's store path does not follow from its narHash.
        assert_eq!(lock.store_path("b"), None);
        assert!(lock.store_path("a").is_some());
    }

    #[test]
    fn follow_cycles_and_bad_versions_are_errors() {
        let cyclic = r#"{ "version": 7, "root": "root", "nodes": {
            "root": { "inputs": { "a": ["b"], "b": ["a"] } } } }"#;
        let lock = FlakeLock::parse(cyclic).unwrap();
        assert!(lock.resolve(&["a"]).unwrap_err().0.contains("cycle"));
        assert!(FlakeLock::parse(r#"{ "version": 3, "nodes": {} }"#).is_err());
    }
}
