//! A flake's locked inputs, evaluated for real when their source is on this machine.
//!
//! [`input_table`] (a salsa query over the configuration: overrides, `--store`, the text of
//! `flake.lock`) says where each node of the lock lies ([`InputTable`]): an override folder,
//! the store path its `narHash` gives (under a chroot store when one is set), a relative
//! `path:` input inside its parent, or nowhere. Each available tree is *mounted*: the
//! evaluation knows it by the path Nix knows it by (`/nix/store/<hash>-source`), and the
//! loader reads that path's files from the folder where they lie ([`Mount`]); reads are
//! allowed below the mounted paths and nowhere else outside the flake root.
//!
//! [`RealInputs`] builds the value each input has in `outputs`' argument, as Nix's
//! `call-flake` does: the input's own `flake.nix` is imported, its `outputs` called with its
//! own locked inputs (recursively, `follows` resolved) and `self`, and the result is the
//! outputs with the source's attributes (`outPath`, `narHash`, `rev`, `lastModified`...,
//! `sourceInfo`, `inputs`, `outputs`, `_type = "flake"`). Everything is lazy: an input's
//! `flake.nix` is read only when something of it is used, and only what is used of its
//! outputs is evaluated (the evaluator's step budget bounds the rest).
//!
//! Two inputs keep qg's models even on disk: nixpkgs (qg's `lib` and `nixosSystem`; the
//! evaluator does not run the real lib yet) and flake-parts (its `mkFlake` needs the real
//! `evalModules`). An input that is not available is unknown (or modelled), and the table
//! says why, for `--list-hosts` and the notes.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use qg_eval::{Attrs, EvalResult, Evaluator, FileKind, LoadedSource, Thunk, Value};
use qg_syntax::Workspace;

use crate::inputs::{locate_input, on_disk, InputOptions, InputOrigin, InputSource};
use crate::lock::FlakeLock;
use crate::modules::context::{attr, make_attrs, HostCtx};
use crate::Db;

/// A source tree as the evaluation knows it (`at`, a store path) and where its files lie.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mount {
    pub at: String,
    pub folder: PathBuf,
}

/// Which of qg's models stands for an input, whatever is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputModel {
    /// qg's `lib` and `nixosSystem`.
    Nixpkgs,
    /// qg's model of `mkFlake`.
    FlakeParts,
}

/// One node of the lock (or an input given only by an override), and where it lies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InputNode {
    /// The lock's node key (`override:<name>` for an override of an input not in the lock).
    pub key: String,
    /// Where it was found, or why not.
    pub source: InputSource,
    /// The path the evaluation knows the flake's folder by (`outPath`), when available.
    pub out_path: Option<String>,
    /// The model that stands for this input in the evaluation, if any.
    pub model: Option<InputModel>,
    /// The node's own inputs: name and the node each leads to (`None`: follows nothing).
    pub inputs: Vec<(String, Option<String>)>,
    /// `narHash`, `rev`, `lastModified`, `revCount` of the lock.
    pub nar_hash: Option<String>,
    pub rev: Option<String>,
    pub last_modified: Option<i64>,
    pub rev_count: Option<i64>,
}

/// Every input of the flake and where it lies; the mounted trees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct InputTable {
    /// The root's inputs by name (lock order, then overrides of inputs the lock lacks).
    pub roots: Vec<(String, Option<String>)>,
    /// Nodes by key.
    pub nodes: BTreeMap<String, InputNode>,
    pub mounts: Vec<Mount>,
    /// Why `flake.lock` could not be read, when it could not.
    pub lock_error: Option<String>,
    /// Whether the flake has a `flake.lock` qg could read.
    pub has_lock: bool,
    /// The chroot store (`--store DIR`), if any: store paths outside the mounted trees (a
    /// pinned `fetchTarball`'s) are read under it.
    pub store: Option<PathBuf>,
}

impl InputTable {
    pub fn node(&self, key: &str) -> Option<&InputNode> {
        self.nodes.get(key)
    }

    /// The root's inputs with their nodes, in order.
    pub fn root_nodes(&self) -> impl Iterator<Item = (&str, Option<&InputNode>)> {
        self.roots
            .iter()
            .map(|(name, key)| (name.as_str(), key.as_deref().and_then(|k| self.node(k))))
    }

    /// The tree of the root's input `name` when it is nixpkgs with its NixOS modules on
    /// disk (`lib/default.nix` and `nixos/modules/module-list.nix`): the path the
    /// evaluation knows it by. Such a tree's own lib and NixOS modules stand for nixpkgs.
    pub fn nixos_tree(&self, name: &str) -> Option<String> {
        let key = self.roots.iter().find(|(n, _)| n == name)?.1.as_deref()?;
        self.nixos_tree_of(self.node(key)?)
    }

    /// Every nixpkgs tree of the lock that [`InputTable::nixos_tree`] would give.
    pub fn nixos_trees(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .nodes
            .values()
            .filter_map(|n| self.nixos_tree_of(n))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn nixos_tree_of(&self, node: &InputNode) -> Option<String> {
        if node.model != Some(InputModel::Nixpkgs) {
            return None;
        }
        let out = node.out_path.as_deref()?;
        let has = |rel: &str| match self.mounted(Path::new(&format!("{out}/{rel}"))) {
            Mounted::Disk(disk) => disk.is_file(),
            _ => false,
        };
        (has("lib/default.nix") && has("nixos/modules/module-list.nix")).then(|| out.to_string())
    }

    /// Where a path's files lie, when it is inside a mounted tree.
    pub fn mounted(&self, path: &Path) -> Mounted {
        let Some(text) = path.to_str() else {
            return Mounted::No;
        };
        for m in &self.mounts {
            let Some(rest) = text.strip_prefix(m.at.as_str()) else {
                continue;
            };
            if !(rest.is_empty() || rest.starts_with('/')) {
                continue;
            }
            let disk = m.folder.join(rest.trim_start_matches('/'));
            return inside(disk, &m.folder);
        }
        self.in_store(text)
    }

    /// A store path no lock node mounts (a pinned fetch's): its files lie in the store, or
    /// under the chroot store. The evaluator asks for one only once its hash named it
    /// (`qg_eval`'s pinned fetches), so this gives no read the lock did not allow.
    fn in_store(&self, text: &str) -> Mounted {
        let Some(rest) = text.strip_prefix("/nix/store/") else {
            return Mounted::No;
        };
        let name = rest.split('/').next().unwrap_or("");
        if name.len() <= 33 {
            return Mounted::No;
        }
        let store = self.store.as_deref();
        // The store path itself (`/nix/store/<hash>-<name>`): reads stay below it.
        let top = on_disk(&text[.."/nix/store/".len() + name.len()], store);
        let top = top.canonicalize().unwrap_or(top);
        inside(on_disk(text, store), &top)
    }
}

/// `disk` as a path below `folder`, unless a link leads it out.
fn inside(disk: PathBuf, folder: &Path) -> Mounted {
    // A link inside the tree may lead out of it: only what lies below the folder (links
    // followed) may be read.
    match disk.canonicalize() {
        Ok(real) if real.starts_with(folder) => Mounted::Disk(disk),
        Ok(_) => Mounted::Refused,
        // Absent: nothing to read, and nothing outside either.
        Err(_) => Mounted::Disk(disk),
    }
}

/// Whether a path lies in a mounted tree.
#[derive(Clone)]
pub enum Mounted {
    No,
    /// Its files are at this place on disk.
    Disk(PathBuf),
    /// It leads out of the tree (a link): not readable.
    Refused,
}

/// The inputs of the flake and where each lies on this machine.
#[salsa::tracked(returns(ref))]
pub fn input_table(db: &dyn Db, workspace: Workspace) -> InputTable {
    let config = workspace.config(db);
    let settings = &config.inputs;
    let options = InputOptions {
        overrides: settings.overrides.clone(),
        store: settings.store.clone(),
        fallbacks: crate::inputs::Fallbacks::from_env(),
    };
    let root = workspace.root(db);
    let (lock, lock_error) = match settings.lock.as_deref().map(FlakeLock::parse) {
        Some(Ok(lock)) => (Some(lock), None),
        Some(Err(e)) => (None, Some(e.0)),
        None => (None, None),
    };
    build_table(lock.as_ref(), lock_error, root, &options)
}

/// The table of a lock (or of overrides alone when there is none).
pub(crate) fn build_table(
    lock: Option<&FlakeLock>,
    lock_error: Option<String>,
    root: &Path,
    options: &InputOptions,
) -> InputTable {
    let mut table = InputTable {
        lock_error,
        has_lock: lock.is_some(),
        store: options.store.clone(),
        ..InputTable::default()
    };
    // Breadth first from the root, so that a node's name is its shortest input path.
    let mut queue: Vec<(Vec<String>, String)> = Vec::new();
    if let Some(lock) = lock {
        let root_key = lock.root_key().to_string();
        if let Some(root_node) = lock.node(&root_key) {
            for name in root_node.inputs.keys() {
                let key = lock.input_of(&root_key, name).ok().flatten();
                table.roots.push((name.clone(), key.clone()));
                if let Some(key) = key {
                    queue.push((vec![name.clone()], key));
                }
            }
        }
    }
    let mut next = 0;
    while next < queue.len() {
        let (path, key) = queue[next].clone();
        next += 1;
        if table.nodes.contains_key(&key) {
            continue;
        }
        let Some(lock) = lock else { break };
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        let node = lock_node(lock, &key, &names, root, options, &table);
        for (name, child) in &node.inputs {
            if let Some(child) = child {
                let mut child_path = path.clone();
                child_path.push(name.clone());
                queue.push((child_path, child.clone()));
            }
        }
        table.nodes.insert(key, node);
    }
    // Overrides of root inputs when the flake has no `flake.lock` (with one, an override of
    // an input it does not name is an override of nothing, as for Nix).
    for (name, _) in &options.overrides {
        if lock.is_some() || name.contains('/') || table.roots.iter().any(|(n, _)| n == name) {
            continue;
        }
        let key = format!("override:{name}");
        let source = locate_input(lock, &[name.as_str()], options);
        let out_path = source
            .folder
            .as_ref()
            .map(|f| f.to_string_lossy().into_owned());
        table.roots.push((name.clone(), Some(key.clone())));
        table.nodes.insert(
            key.clone(),
            InputNode {
                key,
                model: model_of(name, None),
                source,
                out_path,
                inputs: Vec::new(),
                nar_hash: None,
                rev: None,
                last_modified: None,
                rev_count: None,
            },
        );
    }
    for node in table.nodes.values() {
        let (Some(out), Some(folder)) = (&node.out_path, &node.source.folder) else {
            continue;
        };
        if node.source.origin == Some(InputOrigin::Path) && !out.starts_with("/nix/store/") {
            continue; // inside its parent's tree, already readable
        }
        let folder = folder.canonicalize().unwrap_or_else(|_| folder.clone());
        if !table.mounts.iter().any(|m| m.at == *out) {
            table.mounts.push(Mount {
                at: out.clone(),
                folder,
            });
        }
    }
    table
}

/// One node of the lock: where it lies and what it is.
fn lock_node(
    lock: &FlakeLock,
    key: &str,
    path: &[&str],
    root: &Path,
    options: &InputOptions,
    table: &InputTable,
) -> InputNode {
    let node = lock.node(key);
    let locked = node.and_then(|n| n.locked.clone()).unwrap_or_default();
    let inputs = node
        .map(|n| {
            n.inputs
                .keys()
                .map(|name| (name.clone(), lock.input_of(key, name).ok().flatten()))
                .collect()
        })
        .unwrap_or_default();
    let mut source = locate_input(Some(lock), path, options);
    let mut out_path = match source.origin {
        // The folder is the flake's own folder; it is known by its store path when the
        // lock gives one.
        Some(InputOrigin::Override) => Some(
            source
                .store_path
                .clone()
                .unwrap_or_else(|| folder_text(source.folder.as_deref())),
        ),
        // Found through the registry or NIX_PATH, its NAR hash is the lock's: Nix knows it by
        // the same store path.
        Some(InputOrigin::Store | InputOrigin::Registry | InputOrigin::NixPath) => {
            source.store_path.as_ref().map(|s| with_dir(s, &locked.dir))
        }
        _ => None,
    };
    if source.origin.is_none() && locked.kind == "path" {
        if let Some((folder, out)) = path_input(lock, node, &locked, root, table) {
            out_path = Some(out);
            source.folder = Some(folder);
            source.origin = Some(InputOrigin::Path);
            source.missing = None;
        }
    }
    let last = path.last().copied().unwrap_or(key);
    InputNode {
        key: key.to_string(),
        model: model_of(last, Some(&locked)),
        source,
        out_path,
        inputs,
        nar_hash: locked.nar_hash.clone(),
        rev: locked.rev.clone(),
        last_modified: locked.last_modified,
        rev_count: locked.rev_count,
    }
}

/// A `path:` input: relative to its parent's source (the flake root for the root's own),
/// or an absolute folder whose NAR hash is the lock's (known then by its store path).
/// Returns the folder and the path the evaluation knows it by.
fn path_input(
    lock: &FlakeLock,
    node: Option<&crate::lock::LockNode>,
    locked: &crate::lock::Locked,
    root: &Path,
    table: &InputTable,
) -> Option<(PathBuf, String)> {
    let given = locked.path.as_deref()?;
    if Path::new(given).is_absolute() {
        let folder = PathBuf::from(given);
        let wanted = qg_eval::sha256_from_sri(locked.nar_hash.as_deref()?)?;
        let hash = qg_eval::nar_sha256(&qg_eval::DiskLoader, &folder).ok()?;
        let name = locked.name.as_deref().unwrap_or("source");
        let at = qg_eval::source_store_path(&wanted, name);
        return (hash == wanted).then_some((folder, at));
    }
    let parent = node?.parent.as_ref()?;
    let (base_folder, base_out) = if parent.is_empty() {
        (root.to_path_buf(), root.to_string_lossy().into_owned())
    } else {
        let names: Vec<&str> = parent.iter().map(String::as_str).collect();
        let key = lock.resolve(&names).ok().flatten()?;
        let found = table.node(&key)?;
        (found.source.folder.clone()?, found.out_path.clone()?)
    };
    let folder = normalise(&base_folder.join(given));
    let out = normalise(&Path::new(&base_out).join(given));
    folder
        .is_dir()
        .then(|| (folder, out.to_string_lossy().into_owned()))
}

/// `a/./b/../c` → `a/c`, without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn folder_text(folder: Option<&Path>) -> String {
    folder.map_or_else(String::new, |f| f.to_string_lossy().into_owned())
}

fn with_dir(store_path: &str, dir: &Option<String>) -> String {
    match dir.as_deref() {
        Some(d) if !d.is_empty() => format!("{store_path}/{}", d.trim_matches('/')),
        _ => store_path.to_string(),
    }
}

/// The model that stands for an input: nixpkgs (and its lib-only mirror) and flake-parts.
fn model_of(name: &str, locked: Option<&crate::lock::Locked>) -> Option<InputModel> {
    let lower = |s: &Option<String>| s.as_deref().unwrap_or("").to_ascii_lowercase();
    let (repo, owner, url) = match locked {
        Some(l) => (lower(&l.repo), lower(&l.owner), lower(&l.url)),
        None => Default::default(),
    };
    if repo == "nixpkgs"
        || repo == "nixpkgs.lib"
        || url.contains("nixos/nixpkgs")
        || (repo.is_empty() && name.starts_with("nixpkgs"))
    {
        return Some(InputModel::Nixpkgs);
    }
    if (repo == "flake-parts" && owner == "hercules-ci")
        || url.contains("hercules-ci/flake-parts")
        || (repo.is_empty() && name == "flake-parts")
    {
        return Some(InputModel::FlakeParts);
    }
    None
}

/// What an input's files are read with: a process-wide cache of parses by path, size and
/// time of change (store paths never change; override folders may).
pub fn load_from_disk(path: &Path) -> Option<LoadedSource> {
    type Cache = Mutex<HashMap<PathBuf, (u64, Option<SystemTime>, LoadedSource)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let stamp = (meta.len(), meta.modified().ok());
    let cache = CACHE.get_or_init(Cache::default);
    if let Some((len, time, source)) = cache.lock().ok()?.get(path) {
        if (*len, *time) == stamp {
            return Some(source.clone());
        }
    }
    let text: Arc<str> = std::fs::read_to_string(path).ok()?.into();
    let source = LoadedSource {
        parse: qg_syntax::parse_text(&text),
        text,
    };
    if let Ok(mut map) = cache.lock() {
        map.insert(path.to_path_buf(), (stamp.0, stamp.1, source.clone()));
    }
    Some(source)
}

/// A mounted folder's entries.
pub(crate) fn read_dir_on_disk(path: &Path) -> io::Result<Vec<(String, FileKind)>> {
    qg_eval::DiskLoader.read_dir(path)
}

use qg_eval::SourceLoader as _;

/// The inputs' values in one evaluation: made when first used, one per lock node.
pub(crate) struct RealInputs {
    table: InputTable,
    lib: Value,
    parts_lib: Thunk,
    made: RefCell<HashMap<String, Thunk>>,
}

impl Drop for RealInputs {
    /// Clears every value made: an input's `self` refers to its own outputs.
    fn drop(&mut self) {
        for t in self.made.borrow_mut().drain().map(|(_, t)| t) {
            t.clear();
        }
    }
}

impl RealInputs {
    /// Mounts the inputs' trees in the evaluator; the inputs live as long as the host's
    /// evaluation (`ctx` releases them).
    pub(crate) fn new(
        ev: &mut Evaluator<'_>,
        ctx: &HostCtx,
        table: &InputTable,
        lib: Value,
        parts_lib: Thunk,
    ) -> Rc<RealInputs> {
        for m in &table.mounts {
            ev.allow_reads_below(&m.at);
        }
        let inputs = Rc::new(RealInputs {
            table: table.clone(),
            lib,
            parts_lib,
            made: RefCell::default(),
        });
        let owner = inputs.clone();
        let holder = Thunk::deferred(qg_eval::Span::synthetic(), move |_| {
            let _ = &owner;
            Ok(Value::Null)
        });
        ctx.keep(&holder);
        inputs
    }

    /// The value of the root's input `name`: the real input when its tree is available,
    /// `None` when qg has nothing better than its own models.
    pub(crate) fn root_input(self: &Rc<Self>, name: &str) -> Option<Thunk> {
        let key = self
            .table
            .roots
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, k)| k.clone())?;
        let node = self.table.node(&key)?;
        if node.model.is_some() || node.out_path.is_none() {
            return None;
        }
        Some(self.node_value(&key, name))
    }

    /// The value of a lock node, made once.
    fn node_value(self: &Rc<Self>, key: &str, name: &str) -> Thunk {
        if let Some(t) = self.made.borrow().get(key) {
            return t.clone();
        }
        let weak: Weak<RealInputs> = Rc::downgrade(self);
        let (key_owned, name_owned) = (key.to_string(), name.to_string());
        let thunk = Thunk::deferred(qg_eval::Span::synthetic(), move |ev| match weak.upgrade() {
            Some(inputs) => inputs.build(ev, &key_owned, &name_owned),
            None => Ok(crate::flake::input_value(&name_owned, None)),
        });
        self.made
            .borrow_mut()
            .insert(key.to_string(), thunk.clone());
        thunk
    }

    fn build(self: &Rc<Self>, ev: &mut Evaluator<'_>, key: &str, name: &str) -> EvalResult<Value> {
        let Some(node) = self.table.node(key) else {
            return Ok(crate::flake::input_value(name, None));
        };
        match node.model {
            Some(InputModel::Nixpkgs) => {
                return Ok(crate::flake::input_value(
                    name,
                    Some(Thunk::value(self.lib.clone())),
                ))
            }
            Some(InputModel::FlakeParts) => {
                return Ok(crate::flake::input_value(
                    name,
                    Some(self.parts_lib.clone()),
                ))
            }
            None => {}
        }
        let Some(out_path) = node.out_path.clone() else {
            return Ok(crate::flake::input_value(name, None));
        };
        let source_info = Rc::new(source_info(node, &out_path));
        if !node.source.flake {
            let extra = make_attrs(vec![
                ("outPath", Thunk::value(Value::string(out_path.as_str()))),
                (
                    "sourceInfo",
                    Thunk::value(Value::Attrs(source_info.clone())),
                ),
            ]);
            return Ok(Value::attrs(source_info.update(&extra)));
        }
        // What qg cannot evaluate of an input's own `flake.nix` is not the fleet's mistake:
        // the input is then unknown, as if it were not on disk.
        let flake = match ev.eval_file(Path::new(&format!("{out_path}/flake.nix"))) {
            Ok(Value::Attrs(a)) => a,
            Ok(_) | Err(_) => return Ok(crate::flake::input_value(name, None)),
        };
        let Ok(Some(outputs_fn)) = attr(ev, &flake, "outputs") else {
            return Ok(crate::flake::input_value(name, None));
        };
        let mut entries: Vec<qg_eval::Attr> = node
            .inputs
            .iter()
            .map(|(input, child)| {
                let value = match child {
                    Some(child) => self.node_value(child, &format!("{name}/{input}")),
                    None => {
                        Thunk::value(crate::flake::input_value(&format!("{name}/{input}"), None))
                    }
                };
                qg_eval::Attr {
                    name: input.as_str().into(),
                    value,
                    key_span: None,
                }
            })
            .collect();
        let mut inputs = Attrs::from_unsorted(entries.clone());
        inputs.open = Some(format!("input {name}").into());
        let inputs = Value::attrs(inputs);
        // `self` is this very value.
        entries.push(qg_eval::Attr {
            name: "self".into(),
            value: self.node_value(key, name),
            key_span: None,
        });
        let mut args = Attrs::from_unsorted(entries);
        args.open = Some(format!("input {name}").into());
        let span = ev.no_span();
        let outputs = Thunk::apply(outputs_fn, vec![Thunk::value(Value::attrs(args))], span);
        self.made
            .borrow_mut()
            .insert(format!("{key}\u{0}outputs"), outputs.clone());
        let own = make_attrs(vec![
            ("outPath", Thunk::value(Value::string(out_path.as_str()))),
            ("inputs", Thunk::value(inputs)),
            ("outputs", outputs.clone()),
            (
                "sourceInfo",
                Thunk::value(Value::Attrs(source_info.clone())),
            ),
            ("_type", Thunk::value(Value::string("flake"))),
        ]);
        let outputs = match ev.force(&outputs) {
            Ok(Value::Attrs(a)) => a,
            Ok(Value::Unknown(u)) => return Ok(Value::Unknown(u)),
            Ok(_) | Err(_) => return Ok(crate::flake::input_value(name, None)),
        };
        let mut merged = outputs.update(&source_info).update(&own);
        merged.open = outputs.open.clone();
        Ok(Value::attrs(merged))
    }
}

/// The source's attributes as Nix gives them (`outPath`, `narHash`, `rev`, `shortRev`,
/// `lastModified`, `lastModifiedDate`, `revCount`), from the lock.
pub(crate) fn source_info(node: &InputNode, out_path: &str) -> Attrs {
    let text = |s: &str| Thunk::value(Value::string(s));
    let mut entries = vec![("outPath", text(out_path))];
    if let Some(h) = &node.nar_hash {
        entries.push(("narHash", text(h)));
    }
    if let Some(rev) = &node.rev {
        entries.push(("rev", text(rev)));
        entries.push(("shortRev", text(&rev[..rev.len().min(7)])));
    }
    if let Some(t) = node.last_modified {
        entries.push(("lastModified", Thunk::value(Value::Int(t))));
        entries.push(("lastModifiedDate", text(&date_of(t))));
    }
    if let Some(n) = node.rev_count {
        entries.push(("revCount", Thunk::value(Value::Int(n))));
    }
    make_attrs(entries)
}

/// `%Y%m%d%H%M%S` of a Unix time (UTC), as `lastModifiedDate` is written.
fn date_of(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Where each input came from, for people: `store`, `override`, `path`, `registry`,
/// `nix-path`, `model`, `missing`.
pub fn origin_name(node: Option<&InputNode>) -> &'static str {
    match node {
        Some(n) if n.model.is_some() => "model",
        Some(n) => match n.source.origin {
            Some(InputOrigin::Store) => "store",
            Some(InputOrigin::Override) => "override",
            Some(InputOrigin::Path) => "path",
            Some(InputOrigin::Registry) => "registry",
            Some(InputOrigin::NixPath) => "nix-path",
            None => "missing",
        },
        None => "missing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("qg-flake-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    /// A lock whose `extras` has its own `helper`, a `nixpkgs` that follows the root's, and
    /// a relative `path:` input `local` inside the flake.
    fn lock() -> FlakeLock {
        FlakeLock::parse(
            r#"{ "version": 7, "root": "root", "nodes": {
              "root": { "inputs": { "nixpkgs": "nixpkgs", "extras": "extras", "local": "local" } },
              "nixpkgs": { "locked": { "type": "github", "owner": "NixOS", "repo": "nixpkgs",
                "narHash": "sha256-3XYHZANT6AFBV0BqegkAZHbba6oeDkIUCDwbATLMhAY=" } },
              "extras": { "inputs": { "nixpkgs": ["nixpkgs"], "helper": "helper" },
                "locked": { "type": "github", "owner": "o", "repo": "extras", "lastModified": 5,
                  "narHash": "sha256-iUUXyRY8iW7DGirb0zwGgf1fRbLA7wimTJKgP7l/OQ8=" } },
              "helper": { "locked": { "type": "github", "owner": "o", "repo": "helper" } },
              "local": { "locked": { "type": "path", "path": "./vendor/local" }, "parent": [] }
            } }"#,
        )
        .unwrap()
    }

    #[test]
    fn every_node_is_located_once_with_its_inputs_resolved() {
        let dir = scratch("table");
        let store = dir.join("store");
        let extras_at = "/nix/store/i00sflxqsj37lfmf95m8mn0grv615hpj-source";
        std::fs::create_dir_all(store.join(&extras_at[1..])).unwrap();
        std::fs::create_dir_all(dir.join("root/vendor/local")).unwrap();
        let options = InputOptions {
            store: Some(store.clone()),
            ..InputOptions::default()
        };
        let table = build_table(Some(&lock()), None, &dir.join("root"), &options);
        let origin = |key: &str| origin_name(table.node(key));
        assert_eq!(origin("nixpkgs"), "model");
        assert_eq!(origin("extras"), "store");
        assert_eq!(origin("helper"), "missing");
        assert_eq!(origin("local"), "path");
        let extras = table.node("extras").unwrap();
        assert_eq!(extras.out_path.as_deref(), Some(extras_at));
        assert_eq!(
            extras.inputs,
            vec![
                ("helper".to_string(), Some("helper".to_string())),
                ("nixpkgs".to_string(), Some("nixpkgs".to_string())),
            ]
        );
        assert_eq!(table.node("helper").unwrap().source.name, "extras/helper");
        assert!(table
            .node("helper")
            .unwrap()
            .source
            .missing
            .as_deref()
            .unwrap()
            .contains("no narHash"));
        let local = table.node("local").unwrap();
        assert_eq!(
            local.source.folder.as_deref(),
            Some(dir.join("root/vendor/local").as_path())
        );
        // Only the store tree is mounted: the `path:` input lies inside the flake.
        assert_eq!(
            table.mounts,
            vec![Mount {
                at: extras_at.to_string(),
                folder: store.join(&extras_at[1..])
            }]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_override_without_a_lock_is_known_by_its_folder() {
        let dir = scratch("override");
        let options = InputOptions {
            overrides: vec![("secrets".to_string(), dir.clone())],
            ..InputOptions::default()
        };
        let table = build_table(None, None, Path::new("/flake"), &options);
        assert_eq!(
            table.roots,
            vec![("secrets".to_string(), Some("override:secrets".to_string()))]
        );
        let node = table.node("override:secrets").unwrap();
        assert_eq!(origin_name(Some(node)), "override");
        assert_eq!(node.out_path.as_deref(), dir.to_str());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Reads below a mounted tree stay in its folder: a link out of it is refused.
    #[test]
    fn links_out_of_a_mounted_tree_are_refused() {
        let dir = scratch("mounted");
        let tree = dir.join("tree");
        std::fs::create_dir_all(&tree).unwrap();
        std::fs::write(tree.join("a.nix"), "1").unwrap();
        std::fs::write(dir.join("secret.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.join("secret.txt"), tree.join("out")).unwrap();
        std::os::unix::fs::symlink("a.nix", tree.join("in")).unwrap();
        let table = InputTable {
            mounts: vec![Mount {
                at: "/nix/store/x-source".into(),
                folder: tree.clone(),
            }],
            ..InputTable::default()
        };
        let at = |p: &str| table.mounted(Path::new(p));
        assert!(
            matches!(at("/nix/store/x-source/a.nix"), Mounted::Disk(d) if d == tree.join("a.nix"))
        );
        assert!(matches!(at("/nix/store/x-source/in"), Mounted::Disk(_)));
        assert!(matches!(at("/nix/store/x-source/out"), Mounted::Refused));
        assert!(matches!(at("/nix/store/x-sourcefoo/a.nix"), Mounted::No));
        assert!(matches!(at("/etc/passwd"), Mounted::No));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A store path no lock node mounts (a pinned fetch's) is read under the chroot store;
    /// a link out of it is refused there too, and only full store names are store paths.
    #[test]
    fn other_store_paths_lie_in_the_chroot_store() {
        let dir = scratch("chroot");
        let name = "sskr5l6gsa7af8913ljr8gl1nifmdq7l-source";
        let tree = dir.join("nix/store").join(name);
        std::fs::create_dir_all(&tree).unwrap();
        std::fs::write(tree.join("default.nix"), "1").unwrap();
        std::fs::write(dir.join("secret.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.join("secret.txt"), tree.join("out")).unwrap();
        let table = InputTable {
            store: Some(dir.clone()),
            ..InputTable::default()
        };
        let at = |p: &str| table.mounted(Path::new(p));
        let file = format!("/nix/store/{name}/default.nix");
        assert!(matches!(at(&file), Mounted::Disk(d) if d == tree.join("default.nix")));
        assert!(matches!(
            at(&format!("/nix/store/{name}/out")),
            Mounted::Refused
        ));
        assert!(matches!(at("/nix/store/short-source/a.nix"), Mounted::No));
        assert!(matches!(at("/etc/passwd"), Mounted::No));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn last_modified_dates_are_utc() {
        assert_eq!(date_of(0), "19700101000000");
        // `date -u -d @1700000000 +%Y%m%d%H%M%S`
        assert_eq!(date_of(1_700_000_000), "20231114221320");
        assert_eq!(date_of(951_782_400), "20000229000000");
    }
}
