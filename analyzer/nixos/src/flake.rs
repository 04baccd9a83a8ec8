//! Flake hosts: `flake.nix` evaluated with its inputs as unknowns that qg understands, and
//! every `nixosConfigurations.<host>` found however it is built.
//!
//! The inputs given to `outputs`:
//! - an input that is nixpkgs (its name starts with `nixpkgs`, or its URL names nixpkgs)
//!   has `lib` = qg's lib, whose `nixosSystem` is native: it records its argument
//!   (`{ system, specialArgs, modules }`) and returns a set from which the host is
//!   recognised (its `config`, `options`, `pkgs`... are unknown);
//! - any other input is an unknown set: every attribute of it is unknown with the reason
//!   `input <name>`, so `inputs.sops-nix.nixosModules.sops` is an external module of input
//!   `sops-nix` once imported;
//! - `self` has the outputs themselves (also as `self.outputs`), `outPath` = the flake
//!   root, and unknowns for the rest (`rev`, `lastModified`...);
//! - an input qg has a model of (`modules/models/`: home-manager's lib, haumea, clan-core,
//!   nixos-unified, lite-config, adios-flake) gets the model's attributes, the rest
//!   unknown.
//!
//! Hosts are whatever `outputs.nixosConfigurations` holds after evaluation: helpers such as
//! `mkSystem`, `//`, `genAttrs` and interpolated paths all work because this is evaluation,
//! not pattern matching. The nodes of a colmena hive (the `colmena` output, `hive.nix` at
//! the root) that `nixosConfigurations` lacks are hosts too (`models/colmena.nix`).

use std::cell::RefCell;
use std::rc::Rc;

use qg_eval::{Attr, Attrs, EvalResult, Evaluator, PrimOp, Shape, Sym, Thunk, Unknown, Value};

use crate::modules::context::{attr, make_attrs, HostCtx};
use crate::modules::source::WorkspaceLoader;

/// Marker attribute of the value `nixosSystem` returns; it holds the call's argument.
const HOST_MARKER: &str = "_qgNixosSystem";

/// What `qg-check --list-hosts` shows of a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostInfo {
    pub name: String,
    /// `system` given to `nixosSystem` (unknown or absent: `None`).
    pub system: Option<String>,
    /// Names of the `specialArgs`.
    pub special_args: Vec<String>,
    /// Length of the `modules` list given to `nixosSystem`.
    pub modules: Option<usize>,
}

/// Marker attribute of the value `nixosSystem` returns when it is the `lib` of a nixpkgs
/// tree qg reads: the tree, whose NixOS modules the host is evaluated with.
const TREE_MARKER: &str = "_qgNixpkgs";

/// `lib.nixosSystem`: records its argument; see the module documentation.
pub(crate) fn nixos_system_primop() -> Value {
    nixos_system_primop_for(None)
}

/// `lib.nixosSystem` of qg's lib (`None`) or of a nixpkgs tree's lib (the tree).
pub(crate) fn nixos_system_primop_for(tree: Option<Sym>) -> Value {
    PrimOp::native("nixosSystem", 1, move |_, args, _| {
        let mut entries = vec![
            (HOST_MARKER, args[0].clone()),
            ("_type", Thunk::value(Value::string("configuration"))),
        ];
        if let Some(tree) = &tree {
            entries.push((TREE_MARKER, Thunk::value(Value::string(tree.clone()))));
        }
        let mut attrs = make_attrs(entries);
        attrs.open = Some("the result of nixosSystem".into());
        Ok(Value::attrs(attrs))
    })
}

/// The nixpkgs tree whose `lib.nixosSystem` built a host, when qg reads that tree.
pub(crate) fn host_tree(ev: &mut Evaluator<'_>, entry: &HostEntry) -> EvalResult<Option<Sym>> {
    marked_tree(ev, entry, TREE_MARKER)
}

/// The tree a host's builder recorded under `marker` (a string or a path), if any.
pub(crate) fn marked_tree(
    ev: &mut Evaluator<'_>,
    entry: &HostEntry,
    marker: &str,
) -> EvalResult<Option<Sym>> {
    let Value::Attrs(host) = ev.force(&entry.value)? else {
        return Ok(None);
    };
    match attr(ev, &host, marker)? {
        Some(Value::String(s)) => Ok(Some(s.text)),
        Some(Value::Path(p)) => Ok(Some(p)),
        _ => Ok(None),
    }
}

/// The flake's `inputs`: names, which are nixpkgs, which are flake-parts, and which other
/// inputs qg has a model of (`modules/models/`).
pub(crate) struct Inputs {
    pub names: Vec<String>,
    nixpkgs: Vec<String>,
    flake_parts: Vec<String>,
    /// Input name and the model standing for it (a key of `models/default.nix`).
    models: Vec<(String, &'static str)>,
}

/// `flake.nix` evaluated to a set (`None` if it does not evaluate to one).
pub(crate) fn eval_flake(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
) -> EvalResult<Option<Rc<Attrs>>> {
    let path = loader.root().join("flake.nix");
    match ev.eval_file(&path)? {
        Value::Attrs(a) => Ok(Some(a)),
        _ => Ok(None),
    }
}

/// The input names declared in `flake.inputs`, and which of them are nixpkgs.
pub(crate) fn read_inputs(ev: &mut Evaluator<'_>, flake: &Attrs) -> Inputs {
    let mut inputs = Inputs {
        names: Vec::new(),
        nixpkgs: Vec::new(),
        flake_parts: Vec::new(),
        models: Vec::new(),
    };
    let Ok(Some(Value::Attrs(decls))) = attr(ev, flake, "inputs") else {
        return inputs;
    };
    for a in decls.iter() {
        let name = a.name.to_string();
        let url = match ev.force(&a.value) {
            Ok(Value::Attrs(spec)) => match attr(ev, &spec, "url") {
                Ok(Some(Value::String(s))) => s.text.to_string(),
                _ => String::new(),
            },
            Ok(Value::String(s)) => s.text.to_string(),
            _ => String::new(),
        };
        if is_nixpkgs(&name, &url) {
            inputs.nixpkgs.push(name.clone());
        }
        if is_flake_parts(&name, &url) {
            inputs.flake_parts.push(name.clone());
        } else if let Some(model) = model_of(&name, &url) {
            inputs.models.push((name.clone(), model));
        }
        inputs.names.push(name);
    }
    if !inputs.names.iter().any(|n| n == "nixpkgs") {
        // `outputs = { nixpkgs, ... }:` with nixpkgs from the registry.
        inputs.nixpkgs.push("nixpkgs".into());
    }
    inputs
}

fn is_nixpkgs(name: &str, url: &str) -> bool {
    let url = url.to_ascii_lowercase();
    name.starts_with("nixpkgs")
        || url.contains("nixos/nixpkgs")
        || url.contains("nixpkgs/nixos-")
        || url.starts_with("nixpkgs")
}

fn is_flake_parts(name: &str, url: &str) -> bool {
    name == "flake-parts" || url.to_ascii_lowercase().contains("hercules-ci/flake-parts")
}

/// The inputs qg has a model of (`modules/models/*.nix`): the model's key, the fragments of
/// a URL that name the project, and the input name it usually has.
const MODELS: &[(&str, &[&str], &str)] = &[
    (
        "home-manager",
        &["nix-community/home-manager"],
        "home-manager",
    ),
    ("haumea", &["nix-community/haumea"], "haumea"),
    ("clan-core", &["clan/clan-core", "clan-core"], "clan-core"),
    ("nixos-unified", &["srid/nixos-unified"], "nixos-unified"),
    ("lite-config", &["yelite/lite-config"], "lite-config"),
    ("adios-flake", &["mic92/adios-flake"], "adios-flake"),
];

/// The model of an input, by its URL, else by its name.
fn model_of(name: &str, url: &str) -> Option<&'static str> {
    let url = url.to_ascii_lowercase();
    MODELS
        .iter()
        .find(|(_, urls, _)| !url.is_empty() && urls.iter().any(|u| url.contains(u)))
        .or_else(|| MODELS.iter().find(|(_, _, n)| *n == name))
        .map(|(key, _, _)| *key)
}

/// The models of inputs (`modules/models/default.nix` called with what they need), made
/// when first used.
fn input_models(loader: &WorkspaceLoader<'_>, lib: Value, flake_parts: Thunk) -> Thunk {
    let models = loader.embedded_path("models/default.nix");
    Thunk::deferred(qg_eval::Span::synthetic(), move |ev| {
        let models = ev.eval_file(&models)?;
        let args = make_attrs(vec![
            ("lib", Thunk::value(lib.clone())),
            ("isKnown", Thunk::value(is_known_primop())),
            ("unknown", Thunk::value(unknown_primop(Shape::Any))),
            ("unknownFile", Thunk::value(unknown_primop(Shape::Path))),
            ("openSet", Thunk::value(open_set_primop())),
            ("knows", Thunk::value(knows_primop())),
            ("knownNames", Thunk::value(known_names_primop())),
            ("flakeParts", flake_parts.clone()),
        ]);
        ev.call_function(&models, Value::attrs(args))
    })
}

/// `unknown reason` (or `unknownFile reason`): a value qg cannot know, with that reason.
fn unknown_primop(shape: Shape) -> Value {
    PrimOp::native("unknown", 1, move |ev, args, _| {
        let reason: Sym = match ev.force(&args[0])? {
            Value::String(s) => s.text,
            _ => "a model".into(),
        };
        Ok(Unknown::value(reason, shape.clone()))
    })
}

/// `openSet reason set`: the set, whose missing names are unknown with that reason.
fn open_set_primop() -> Value {
    PrimOp::native("openSet", 2, |ev, args, _| {
        let reason: Sym = match ev.force(&args[0])? {
            Value::String(s) => s.text,
            _ => "a model".into(),
        };
        match ev.force(&args[1])? {
            Value::Attrs(a) => {
                let mut open = (*a).clone();
                open.open = Some(reason);
                Ok(Value::attrs(open))
            }
            other => Ok(other),
        }
    })
}

/// `knows name set`: whether `set` is a set that lists `name` (false for anything else).
/// Unlike `?`, it is known on an open set, whose missing names are unknown.
fn knows_primop() -> Value {
    PrimOp::native("knows", 2, |ev, args, _| {
        let name = match ev.force(&args[0])? {
            Value::String(s) => s.text,
            _ => return Ok(Value::Bool(false)),
        };
        Ok(Value::Bool(matches!(
            ev.force(&args[1])?,
            Value::Attrs(a) if a.contains(&name)
        )))
    })
}

/// `knownNames set`: the names a set lists (of an open set too), sorted; `[ ]` for
/// anything else.
fn known_names_primop() -> Value {
    PrimOp::native("knownNames", 1, |ev, args, _| {
        let names: Vec<Thunk> = match ev.force(&args[0])? {
            Value::Attrs(a) => a
                .iter()
                .map(|a| Thunk::value(Value::string(&*a.name)))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Value::list(names))
    })
}

/// An input with its model's attributes added, when the input is qg's stand-in (an open
/// set with the reason `input <name>`); a real input (read from disk) is left as it is,
/// but for the entry points its model's `onDisk` entry takes over.
fn with_model(input: Thunk, name: &str, key: &'static str, models: Thunk) -> Thunk {
    let reason = format!("input {name}");
    let name = name.to_string();
    Thunk::deferred(qg_eval::Span::synthetic(), move |ev| {
        let value = ev.force(&input)?;
        // A real input whose outputs qg cannot know is no better than its stand-in.
        let value = match value {
            Value::Unknown(_) => input_value(&name, None),
            other => other,
        };
        let Value::Attrs(attrs) = &value else {
            return Ok(value);
        };
        if attrs.open.as_deref() != Some(reason.as_str()) {
            // A real input: the model's `onDisk` entry, if any, puts the model's entry
            // points that run a module system over the real ones (models/default.nix).
            let Value::Attrs(all) = ev.force(&models)? else {
                return Ok(value);
            };
            let on_disk = match attr(ev, &all, "onDisk")? {
                Some(Value::Attrs(d)) => attr(ev, &d, key)?,
                _ => None,
            };
            return match on_disk {
                Some(f) => ev.call_function(&f, value),
                None => Ok(value),
            };
        }
        let models = ev.force(&models)?;
        match ev.select(&models, &[key])? {
            Value::Attrs(model) => Ok(Value::attrs(attrs.update(&model))),
            _ => Ok(value),
        }
    })
}

/// flake-parts' `lib` as qg models it (`modules/flake-parts.nix`: `mkFlake` and friends),
/// made when first used.
fn flake_parts_lib(loader: &WorkspaceLoader<'_>, lib: Value) -> Thunk {
    let model = loader.embedded_path("flake-parts.nix");
    Thunk::deferred(qg_eval::Span::synthetic(), move |ev| {
        let model = ev.eval_file(&model)?;
        let args = make_attrs(vec![
            ("lib", Thunk::value(lib.clone())),
            ("isKnown", Thunk::value(is_known_primop())),
            ("openSet", Thunk::value(open_set_primop())),
            ("knows", Thunk::value(knows_primop())),
        ]);
        let made = ev.call_function(&model, Value::attrs(args))?;
        ev.select(&made, &["lib"])
    })
}

/// `isKnown v`: false when qg cannot know `v` (it stays lazy in what `v` holds).
fn is_known_primop() -> Value {
    PrimOp::native("isKnown", 1, |ev, args, _| {
        Ok(Value::Bool(!matches!(
            ev.force(&args[0])?,
            Value::Unknown(_)
        )))
    })
}

/// Calls `outputs` with the inputs qg models, and returns the outputs (weak head normal
/// form).
pub(crate) fn eval_outputs(
    ev: &mut Evaluator<'_>,
    ctx: &HostCtx,
    loader: &WorkspaceLoader<'_>,
    flake: &Attrs,
    inputs: &Inputs,
) -> EvalResult<Option<Value>> {
    let Some(outputs_fn) = attr(ev, flake, "outputs")? else {
        return Ok(None);
    };
    let span = ev.no_span();
    provide_nixpkgs_stand_in(ev, ctx);
    // `self` is the outputs themselves: filled in once the outputs' thunk exists.
    let outputs_cell: Rc<RefCell<Option<Thunk>>> = Rc::new(RefCell::new(None));
    let root = loader.root().to_string_lossy().into_owned();
    let parts_lib = flake_parts_lib(loader, ctx.lib.clone());
    let real = crate::flake_inputs::RealInputs::new(
        ev,
        ctx,
        loader.inputs(),
        ctx.lib.clone(),
        parts_lib.clone(),
    );
    let mut entries: Vec<Attr> = inputs
        .names
        .iter()
        .chain(inputs.nixpkgs.iter())
        .map(|name| {
            // A nixpkgs whose tree is on disk: its own lib (with qg's `nixosSystem`), and
            // the tree itself as `outPath`.
            let tree = inputs
                .nixpkgs
                .contains(name)
                .then(|| loader.inputs().nixos_tree(name))
                .flatten();
            if let Some(tree) = tree {
                let lib = ctx.tree_lib(loader, &tree);
                return Attr {
                    name: name.as_str().into(),
                    value: Thunk::value(tree_input_value(name, &tree, lib)),
                    key_span: None,
                };
            }
            let model = if inputs.nixpkgs.contains(name) {
                Some(Thunk::value(ctx.lib.clone()))
            } else if inputs.flake_parts.contains(name) {
                Some(parts_lib.clone())
            } else {
                None
            };
            // An input on disk is evaluated for real, unless qg models it.
            let value = match model {
                None => real.root_input(name),
                Some(_) => None,
            };
            Attr {
                name: name.as_str().into(),
                value: value.unwrap_or_else(|| Thunk::value(input_value(name, model))),
                key_span: None,
            }
        })
        .collect();
    let models = input_models(loader, ctx.lib.clone(), parts_lib.clone());
    for entry in &mut entries {
        if let Some((_, key)) = inputs.models.iter().find(|(n, _)| **n == *entry.name) {
            entry.value = with_model(entry.value.clone(), &entry.name, key, models.clone());
        }
    }
    let plain_inputs = {
        let mut a = Attrs::from_unsorted(entries.clone());
        a.open = Some("flake input".into());
        Value::attrs(a)
    };
    let self_value = self_thunk(outputs_cell.clone(), root, plain_inputs, span);
    ctx.keep(&self_value);
    entries.push(Attr {
        name: "self".into(),
        value: self_value,
        key_span: None,
    });
    let mut args = Attrs::from_unsorted(entries);
    args.open = Some("flake input".into());
    let outputs = Thunk::apply(outputs_fn, vec![Thunk::value(Value::attrs(args))], span);
    *outputs_cell.borrow_mut() = Some(outputs.clone());
    ctx.keep(&outputs);
    Ok(Some(ev.force(&outputs)?))
}

/// Whether a fetched tarball's URL is a nixpkgs tree: a GitHub archive of NixOS/nixpkgs
/// (`codeload.github.com` included), a
/// channel (`channels.nixos.org`, `nixos.org/channels`) or a release (`releases.nixos.org`).
pub(crate) fn names_nixpkgs_tree(url: &str) -> bool {
    let url = url.to_ascii_lowercase();
    url.contains("github.com/nixos/nixpkgs/")
        || url.contains("channels.nixos.org/")
        || url.contains("nixos.org/channels/")
        || url.contains("releases.nixos.org/nixos/")
        || url.contains("releases.nixos.org/nixpkgs/")
}

/// The path of the tree that stands for a fetched nixpkgs absent from the store: outside
/// the root and every input, so that what `provide_nixpkgs_stand_in` does not give is
/// unknown, and too short a name to be a real store path.
pub(crate) const NIXPKGS_STAND_IN: &str = "/nix/store/qg-model-of-nixpkgs";

/// Makes the stand-in for a fetched nixpkgs what a nixpkgs input qg models is: importing
/// it gives `pkgs` (unknown but for `lib` and `path`, the stand-in), its `lib` is qg's lib, and
/// `nixos/lib/eval-config.nix` records its argument as `lib.nixosSystem` does (the same
/// argument: `system`, `modules`, `specialArgs`). Any other file of it cannot be read.
pub(crate) fn provide_nixpkgs_stand_in(ev: &mut Evaluator<'_>, ctx: &HostCtx) {
    let root = NIXPKGS_STAND_IN;
    // `pkgs.path` is the tree it was imported from (nilla-nixos imports
    // `${pkgs.path}/nixos/lib/eval-config.nix`).
    let pkgs = match &ctx.pkgs {
        Value::Attrs(a) => {
            let mut with_path = a.update(&make_attrs(vec![(
                "path",
                Thunk::value(Value::string(root)),
            )]));
            with_path.open = a.open.clone();
            Value::attrs(with_path)
        }
        other => other.clone(),
    };
    let import_nixpkgs = PrimOp::native("nixpkgs", 1, move |_, _, _| Ok(pkgs.clone()));
    ev.provide_import(root, Thunk::value(import_nixpkgs));
    ev.provide_import(&format!("{root}/lib"), Thunk::value(ctx.lib.clone()));
    ev.provide_import(
        &format!("{root}/nixos/lib/eval-config.nix"),
        Thunk::value(nixos_system_primop()),
    );
}

/// One input as qg models it: unknown, but for the `lib` of nixpkgs (qg's lib) and of
/// flake-parts (qg's model of `mkFlake`).
pub(crate) fn input_value(name: &str, lib: Option<Thunk>) -> Value {
    let reason: Sym = format!("input {name}").into();
    let mut entries = vec![(
        "outPath",
        Thunk::value(Unknown::value(reason.clone(), Shape::Path)),
    )];
    if let Some(lib) = lib {
        entries.push(("lib", lib));
    }
    let mut attrs = make_attrs(entries);
    attrs.open = Some(reason);
    Value::attrs(attrs)
}

/// A nixpkgs input whose tree qg reads: `outPath` is the tree and `lib` its lib; the rest
/// (`legacyPackages`, `nixosModules`...) is unknown.
fn tree_input_value(name: &str, tree: &str, lib: Thunk) -> Value {
    let mut attrs = make_attrs(vec![
        ("outPath", Thunk::value(Value::string(tree))),
        ("lib", lib),
        ("_type", Thunk::value(Value::string("flake"))),
    ]);
    attrs.open = Some(format!("input {name}").into());
    Value::attrs(attrs)
}

/// `self`: the outputs, plus `outPath` (the root), `inputs` and `outputs`; other attributes
/// unknown.
fn self_thunk(
    outputs: Rc<RefCell<Option<Thunk>>>,
    root: String,
    inputs: Value,
    span: qg_eval::Span,
) -> Thunk {
    Thunk::deferred(span, move |ev| {
        let mut extra = make_attrs(vec![
            // A string, as Nix's (a store path there; the root stands for its copy here),
            // so that `"${self}/hosts"` is the flake's own folder, not a new store copy.
            ("outPath", Thunk::value(Value::string(root.as_str()))),
            ("inputs", Thunk::value(inputs.clone())),
            ("_type", Thunk::value(Value::string("flake"))),
        ]);
        extra.open = Some("flake self".into());
        let outputs = outputs.borrow().clone();
        let Some(outputs) = outputs else {
            return Ok(Value::attrs(extra));
        };
        // As Nix's `self`: `self.outputs` is the outputs too (`inherit (self) outputs;`).
        let extra = extra.update(&make_attrs(vec![("outputs", outputs.clone())]));
        match ev.force(&outputs)? {
            Value::Attrs(out) => {
                let mut merged = out.update(&extra);
                merged.open = extra.open.clone();
                Ok(Value::attrs(merged))
            }
            _ => Ok(Value::attrs(extra)),
        }
    })
}

/// A `nixosConfigurations` entry.
pub(crate) struct HostEntry {
    pub name: Sym,
    pub value: Thunk,
}

/// The hosts of the flake: `outputs.nixosConfigurations`, then the nodes of a colmena hive
/// (the `colmena` output, then `hive.nix` at the root) that no host before names, then the
/// standalone home configurations (`modules/home.rs`). A name in both a hive and
/// `nixosConfigurations` is one machine: `nixosConfigurations` is what `nixos-rebuild
/// --flake` builds, and fleets that have both build them from the same modules.
pub(crate) fn host_entries(
    ev: &mut Evaluator<'_>,
    ctx: &HostCtx,
    loader: &WorkspaceLoader<'_>,
    outputs: &Value,
) -> EvalResult<Vec<HostEntry>> {
    let Value::Attrs(outputs) = outputs else {
        return Ok(Vec::new());
    };
    let mut entries = Vec::new();
    if let Some(Value::Attrs(configs)) = attr(ev, outputs, "nixosConfigurations")? {
        entries.extend(configs.iter().map(|a| HostEntry {
            name: a.name.clone(),
            value: a.value.clone(),
        }));
    }
    let hive_file = loader.root().join("hive.nix");
    // A hive that fails to evaluate gives no host; the flake's own stay.
    let mut hives = vec![attr(ev, outputs, "colmena").ok().flatten()];
    if loader.file("hive.nix").is_some() {
        hives.push(ev.eval_file(&hive_file).ok());
    }
    // Made once for every hive, and only evaluated when there is one.
    let models = input_models(
        loader,
        ctx.lib.clone(),
        flake_parts_lib(loader, ctx.lib.clone()),
    );
    for hive in hives.into_iter().flatten() {
        for node in colmena_hosts(ev, &models, hive)? {
            if !entries.iter().any(|e| e.name == node.name) {
                entries.push(node);
            }
        }
    }
    entries.extend(crate::modules::home::home_entries(ev, outputs));
    Ok(entries)
}

/// The nodes of a colmena hive as hosts (`models/colmena.nix`); none when the hive is not
/// a set qg knows.
fn colmena_hosts(
    ev: &mut Evaluator<'_>,
    models: &Thunk,
    hive: Value,
) -> EvalResult<Vec<HostEntry>> {
    if !matches!(hive, Value::Attrs(_)) {
        return Ok(Vec::new());
    }
    let hosts = ev
        .force(models)
        .and_then(|m| ev.select(&m, &["colmena", "hosts"]));
    let nodes = hosts.and_then(|f| ev.call_function(&f, hive));
    let Ok(Value::Attrs(nodes)) = nodes else {
        return Ok(Vec::new());
    };
    Ok(nodes
        .iter()
        .map(|a| HostEntry {
            name: a.name.clone(),
            value: a.value.clone(),
        })
        .collect())
}

/// The outputs that hold hosts qg does not check (nix-darwin's `darwinConfigurations`),
/// each host as `output.name`; the output alone when its names cannot be known.
pub(crate) fn unchecked_outputs(ev: &mut Evaluator<'_>, outputs: &Value) -> Vec<String> {
    let Value::Attrs(outputs) = outputs else {
        return Vec::new();
    };
    match attr(ev, outputs, "darwinConfigurations") {
        Ok(Some(Value::Attrs(hosts))) => hosts
            .iter()
            .map(|h| format!("darwinConfigurations.{}", h.name))
            .collect(),
        Ok(Some(_)) => vec!["darwinConfigurations".to_string()],
        Ok(None) | Err(_) => Vec::new(),
    }
}

/// The argument `nixosSystem` was called with for a host, if the host was built by it.
pub(crate) fn host_args(
    ev: &mut Evaluator<'_>,
    entry: &HostEntry,
) -> EvalResult<Option<Rc<Attrs>>> {
    let Value::Attrs(host) = ev.force(&entry.value)? else {
        return Ok(None);
    };
    match attr(ev, &host, HOST_MARKER)? {
        Some(Value::Attrs(args)) => Ok(Some(args)),
        _ => Ok(None),
    }
}

/// The plain description of a host from its `nixosSystem` argument.
pub(crate) fn host_info(ev: &mut Evaluator<'_>, name: &str, args: &Attrs) -> HostInfo {
    let system = match attr(ev, args, "system") {
        Ok(Some(Value::String(s))) => Some(s.text.to_string()),
        _ => None,
    };
    let special_args = match attr(ev, args, "specialArgs") {
        Ok(Some(Value::Attrs(a))) => a.iter().map(|a| a.name.to_string()).collect(),
        _ => Vec::new(),
    };
    let modules = match attr(ev, args, "modules") {
        Ok(Some(Value::List(l))) => Some(l.len()),
        _ => None,
    };
    HostInfo {
        name: name.to_string(),
        system,
        special_args,
        modules,
    }
}
