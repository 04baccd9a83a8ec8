//! What every part of one host's evaluation shares: qg's `lib` (with the native additions),
//! the unknown `pkgs`, the findings gathered so far, the external modules met.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use qg_eval::{
    Attr, Attrs, EvalResult, Evaluator, PrimOp, Shape, Span, Sym, Thunk, Unknown, Value,
};

use super::collect::ModuleInput;
use super::finding::{FindingKind, RelatedRole};
use super::source::WorkspaceLoader;

/// A finding in evaluator coordinates; turned into a [`super::finding::HostFinding`] at the
/// end of the host's evaluation (see `report.rs`).
#[derive(Clone, Debug)]
pub(crate) struct Finding {
    pub kind: FindingKind,
    /// Candidate primary locations, best first; the first one inside the flake is used.
    pub spans: Vec<Span>,
    pub related: Vec<(Span, RelatedRole)>,
    /// A fix: the replacement of the text at a span.
    pub fix: Option<(Span, String)>,
}

impl Finding {
    /// A finding with no related places and no fix.
    pub(crate) fn new(kind: FindingKind, spans: Vec<Span>) -> Finding {
        Finding {
            kind,
            spans,
            related: Vec::new(),
            fix: None,
        }
    }
}

/// An imported module qg cannot see: a flake input's module, something under `modulesPath`.
#[derive(Clone, Debug)]
pub(crate) struct ExternalModule {
    /// `input <name>` for a flake input's modules, else why it is unknown.
    pub source: String,
    /// Where it is imported (for the notes of `--list-hosts`).
    pub at: Option<Span>,
}

/// Why an option has no value: its path and where it is declared.
#[derive(Clone, Debug)]
pub(crate) struct MissingValue {
    pub loc: String,
    pub declared: Option<Span>,
    /// Reported once per host.
    pub reported: Cell<bool>,
}

pub(crate) struct HostCtx {
    /// The flake root.
    pub root: std::path::PathBuf,
    pub lib: Value,
    pub pkgs: Value,
    helpers: Rc<Attrs>,
    pub findings: RefCell<Vec<Finding>>,
    pub externals: RefCell<Vec<ExternalModule>>,
    /// A module of the host's own evaluation could not be loaded: the set of declared
    /// options is incomplete, so "does not exist" and "has no value" findings would be
    /// guesses. (A submodule instance's unread module makes only that instance incomplete:
    /// `ModuleSet::mark_unread`.)
    pub incomplete: Cell<bool>,
    /// Error messages of options read without a value, by message.
    pub missing: RefCell<HashMap<String, MissingValue>>,
    /// Top-level option names that other sources (nixpkgs, flake inputs) declare.
    pub foreign_tops: HashSet<String>,
    /// Top-level names under which the workspace declares options (set once the host's
    /// declarations are known); with `foreign_tops`, these decide which namespaces are closed.
    pub workspace_tops: RefCell<HashSet<Sym>>,
    /// Every native thunk the module system made: cleared when the evaluation ends, because
    /// `config` refers to values that refer to `config`.
    thunks: RefCell<Vec<Thunk>>,
    /// The nixpkgs trees qg reads (the paths the evaluation knows them by): their files are
    /// NixOS's modules and lib, not the flake's.
    pub nixpkgs_trees: Vec<String>,
    /// The lib of each nixpkgs tree (the tree's own, with qg's `nixosSystem`), made once.
    tree_libs: RefCell<Vec<(String, Thunk)>>,
    /// The host is evaluated with a nixpkgs tree's own NixOS modules: NixOS's options are
    /// declared, and a name nobody declares is unknown to NixOS too.
    pub nixos_modules: Cell<bool>,
    /// `modules/builtin.nix`: the built-in `_module.*` options of such a host and of its
    /// submodules.
    builtin_path: Sym,
    /// The file each module's text is in, with the prefix of the evaluation that loaded
    /// it (`home-manager.users.alice` for a user's `home.nix`), in loading order.
    pub module_files: RefCell<Vec<(Sym, Vec<Sym>)>>,
}

impl HostCtx {
    pub(crate) fn new(
        ev: &mut Evaluator<'_>,
        loader: &WorkspaceLoader<'_>,
        input_names: &[String],
    ) -> EvalResult<HostCtx> {
        let lib = make_lib(ev, loader)?;
        let pkgs = make_pkgs(&lib);
        let helpers = match ev.eval_file(&loader.embedded_path("helpers.nix"))? {
            Value::Attrs(a) => a,
            _ => Rc::new(Attrs::empty()),
        };
        let mut foreign_tops: HashSet<String> =
            FOREIGN_TOPS.iter().map(|s| s.to_string()).collect();
        for name in input_names {
            foreign_tops.insert(name.clone());
            for suffix in ["-nix", ".nix", "-nixos", "-flake"] {
                if let Some(stem) = name.strip_suffix(suffix) {
                    foreign_tops.insert(stem.to_string());
                }
            }
        }
        Ok(HostCtx {
            root: loader.root().to_path_buf(),
            lib,
            pkgs,
            helpers,
            findings: RefCell::new(Vec::new()),
            externals: RefCell::new(Vec::new()),
            incomplete: Cell::new(false),
            missing: RefCell::new(HashMap::new()),
            foreign_tops,
            workspace_tops: RefCell::new(HashSet::new()),
            thunks: RefCell::new(Vec::new()),
            nixpkgs_trees: loader.inputs().nixos_trees(),
            tree_libs: RefCell::new(Vec::new()),
            nixos_modules: Cell::new(false),
            builtin_path: loader.embedded_path("builtin.nix").to_string_lossy().into(),
            module_files: RefCell::new(Vec::new()),
        })
    }

    /// The module of the built-in `_module.*` options (`modules/builtin.nix`, shown as
    /// `lib/modules.nix`), which every evaluation of nixpkgs' lib has: a host's with a
    /// nixpkgs tree's NixOS modules, and each of its submodules.
    pub(crate) fn builtin_module(&self) -> ModuleInput {
        super::base_input(
            Thunk::value(Value::Path(self.builtin_path.clone())),
            "lib/modules.nix".into(),
            "qg:builtin".into(),
        )
    }

    /// The lib of the nixpkgs tree at `tree` (made once per evaluation): the tree's own
    /// `lib` with qg's `nixosSystem`, as the flake's `nixpkgs.lib` is (`modules/nixpkgs.nix`).
    pub(crate) fn tree_lib(&self, loader: &WorkspaceLoader<'_>, tree: &str) -> Thunk {
        if let Some((_, lib)) = self.tree_libs.borrow().iter().find(|(t, _)| t == tree) {
            return lib.clone();
        }
        let file = loader.embedded_path("nixpkgs.nix");
        let tree_owned: Sym = tree.into();
        // The source's attributes (`lastModifiedDate`, `shortRev`...), which the tree's
        // `lib/flake-version-info.nix` reads as the nixpkgs flake does.
        let source = loader
            .inputs()
            .nodes
            .values()
            .find(|n| n.out_path.as_deref() == Some(tree))
            .map(|n| crate::flake_inputs::source_info(n, tree))
            .unwrap_or_else(|| make_attrs(vec![("outPath", Thunk::value(Value::string(tree)))]));
        let source = Value::attrs(source);
        let lib = self.deferred(Span::synthetic(), move |ev| {
            let make = ev.eval_file(&file)?;
            let args = make_attrs(vec![
                ("tree", Thunk::value(Value::Path(tree_owned.clone()))),
                ("self", Thunk::value(source.clone())),
                (
                    "nixosSystem",
                    Thunk::value(crate::flake::nixos_system_primop_for(Some(
                        tree_owned.clone(),
                    ))),
                ),
            ]);
            ev.call_function(&make, Value::attrs(args))
        });
        self.tree_libs
            .borrow_mut()
            .push((tree.to_string(), lib.clone()));
        lib
    }

    /// A file as people see it: relative to the flake root inside it, relative to its
    /// nixpkgs tree inside one (`nixos/modules/...`, as NixOS's documentation names
    /// declarations), `lib/modules.nix` for qg's stand-in of that file's built-in module.
    pub(crate) fn shown_file(&self, path: &str) -> String {
        if path.ends_with("«qg»/builtin.nix") {
            return "lib/modules.nix".to_string();
        }
        for t in &self.nixpkgs_trees {
            if let Some(rest) = path
                .strip_prefix(t.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                return rest.to_string();
            }
        }
        self.relative(path)
    }

    /// Whether a file lies in a nixpkgs tree qg reads (a NixOS module, not the flake's).
    pub(crate) fn in_nixpkgs_tree(&self, path: &str) -> bool {
        self.nixpkgs_trees.iter().any(|t| {
            path.strip_prefix(t.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    /// Records that a module's text is in `written_in`, loaded by the evaluation at
    /// `prefix` (for the IDE); the modules of the nixpkgs tree, thousands per host and
    /// never the user's, are not recorded.
    pub(crate) fn note_module_file(&self, written_in: Sym, prefix: &[Sym]) {
        if !self.in_nixpkgs_tree(&written_in) {
            self.module_files
                .borrow_mut()
                .push((written_in, prefix.to_vec()));
        }
    }

    /// Whether a module's file lies outside the flake: NixOS's, or an input's read for
    /// real (whose files the evaluation knows by absolute paths; the flake's are relative).
    pub(crate) fn outside_flake(&self, file: &str) -> bool {
        self.in_nixpkgs_tree(file) || Path::new(file).is_absolute()
    }

    /// A native thunk, remembered so that [`HostCtx::release`] can clear it.
    pub(crate) fn deferred(
        &self,
        span: Span,
        f: impl Fn(&mut Evaluator<'_>) -> EvalResult<Value> + 'static,
    ) -> Thunk {
        let t = Thunk::deferred(span, f);
        self.thunks.borrow_mut().push(t.clone());
        t
    }

    /// Remembers a thunk to clear at the end.
    pub(crate) fn keep(&self, t: &Thunk) {
        self.thunks.borrow_mut().push(t.clone());
    }

    /// Ends the evaluation: clears every native thunk, which breaks the reference cycles
    /// between `config` and the values that read it.
    pub(crate) fn release(&self) {
        for t in self.thunks.borrow_mut().drain(..) {
            t.clear();
        }
    }

    /// A path for messages: relative to the flake root when inside it.
    pub(crate) fn relative(&self, path: &str) -> String {
        match Path::new(path).strip_prefix(&self.root) {
            Ok(rel) => qg_syntax::to_rel_string(rel),
            Err(_) => path.to_string(),
        }
    }

    pub(crate) fn report(&self, finding: Finding) {
        self.findings.borrow_mut().push(finding);
    }

    /// Nix equality of two values: `Some(bool)`, or `None` when an unknown takes part.
    pub(crate) fn equal(
        &self,
        ev: &mut Evaluator<'_>,
        a: &Thunk,
        b: &Thunk,
    ) -> EvalResult<Option<bool>> {
        let Some(eq) = self.helpers.get("eq").cloned() else {
            return Ok(None);
        };
        let eq = ev.force(&eq)?;
        let span = ev.no_span();
        let result = ev.force(&Thunk::apply(eq, vec![a.clone(), b.clone()], span))?;
        Ok(result.as_bool())
    }

    /// Whether the workspace owns the top-level name `top`: it declares options below it
    /// and no other source (nixpkgs, an input) is known to.
    pub(crate) fn owns_top(&self, top: &str) -> bool {
        !self.foreign_tops.contains(top) && self.workspace_tops.borrow().contains(top)
    }
}

/// Top-level option namespaces of NixOS and of common flake inputs' modules. The
/// workspace's own declarations below these never make them closed: the options there are
/// mostly declared elsewhere.
const FOREIGN_TOPS: &[&str] = &[
    "_module",
    "appstream",
    "assertions",
    "boot",
    "catppuccin",
    "chaotic",
    "console",
    "containers",
    "disko",
    "documentation",
    "ec2",
    "environment",
    "facter",
    "fileSystems",
    "fonts",
    "gtk",
    "hardware",
    "home",
    "home-manager",
    "i18n",
    "image",
    "installer",
    "isoImage",
    "jovian",
    "krb5",
    "lib",
    "location",
    "meta",
    "netboot",
    "networking",
    "nix",
    "nix-index",
    "nixpkgs",
    "nur",
    "oci",
    "openstack",
    "power",
    "powerManagement",
    "programs",
    "qt",
    "sdImage",
    "security",
    "services",
    "snapraid",
    "sops",
    "sound",
    "specialisation",
    "stylix",
    "swapDevices",
    "system",
    "systemd",
    "time",
    "users",
    "virtualisation",
    "warnings",
    "wsl",
    "xdg",
    "zramSwap",
];

/// qg's `lib`: the Nix lib, each namespace open (a missing function is unknown, never an
/// error), plus the native functions of the flake's `nixpkgs.lib` (`nixosSystem`).
fn make_lib(ev: &mut Evaluator<'_>, loader: &WorkspaceLoader<'_>) -> EvalResult<Value> {
    let raw = ev.eval_file(&loader.embedded_path("lib/default.nix"))?;
    let Value::Attrs(raw) = raw else {
        return Ok(Value::unknown("lib"));
    };
    let mut entries = reopen_members(&raw);
    entries.push(Attr {
        name: "nixosSystem".into(),
        value: Thunk::value(crate::flake::nixos_system_primop()),
        key_span: None,
    });
    let mut systems = make_attrs(vec![("elaborate", Thunk::value(elaborate_primop()))]);
    systems.open = Some("unimplemented lib function lib.systems.*".into());
    entries.push(Attr {
        name: "systems".into(),
        value: Thunk::value(Value::attrs(systems)),
        key_span: None,
    });
    let mut lib = Attrs::from_unsorted(entries);
    lib.open = Some("unimplemented lib function".into());
    // `lib.extend`: the extended lib keeps `nixosSystem` and stays open (`//` keeps it).
    let helpers = ev.eval_file(&loader.embedded_path("helpers.nix"))?;
    let extensible = ev.select(&helpers, &["extensible"])?;
    ev.call_function(&extensible, Value::attrs(lib))
}

/// `lib.systems.elaborate`: a platform from a system name (or a set with `system`): the
/// system and its common predicates; every other attribute is unknown, and so is the
/// platform of anything else (an unknown, `null`).
fn elaborate_primop() -> Value {
    PrimOp::native("lib.systems.elaborate", 1, |ev, args, _| {
        let system = match ev.force(&args[0])? {
            Value::String(s) => Some(s.text),
            Value::Attrs(a) => match attr(ev, &a, "system")? {
                Some(Value::String(s)) => Some(s.text),
                _ => None,
            },
            _ => None,
        };
        let Some(system) = system else {
            return Ok(Unknown::value(
                "the platform (lib.systems.elaborate)",
                Shape::Attrs,
            ));
        };
        let (cpu, kernel) = system.split_once('-').unwrap_or((&system, ""));
        let flag = |b: bool| Thunk::value(Value::Bool(b));
        let mut platform = make_attrs(vec![
            ("system", Thunk::value(Value::string(&*system))),
            ("isLinux", flag(kernel == "linux")),
            ("isDarwin", flag(kernel == "darwin")),
            ("isx86_64", flag(cpu == "x86_64")),
            ("isAarch64", flag(cpu == "aarch64")),
            ("isx86", flag(matches!(cpu, "x86_64" | "i686"))),
        ]);
        platform.open = Some(format!("the platform {system} (lib.systems.elaborate)").into());
        Ok(Value::attrs(platform))
    })
}

/// Namespaces of lib (and of `lib.types`) whose missing members are unknown.
const OPEN_NAMESPACES: &[&str] = &[
    "trivial",
    "attrsets",
    "lists",
    "strings",
    "versions",
    "meta",
    "asserts",
    "generators",
    "options",
    "modules",
    "types",
    "fixedPoints",
    "debug",
    "ints",
    "numbers",
    "path",
    "filesystem",
];

/// The members of a set (in its sorted order), each namespace among them reopened.
fn reopen_members(attrs: &Attrs) -> Vec<Attr> {
    attrs
        .iter()
        .map(|a| Attr {
            name: a.name.clone(),
            value: reopen_lazily(a.value.clone(), &a.name),
            key_span: a.key_span,
        })
        .collect()
}

fn reopen_lazily(value: Thunk, name: &str) -> Thunk {
    if !OPEN_NAMESPACES.contains(&name) {
        return value;
    }
    let reason: Sym = format!("unimplemented lib function lib.{name}.*").into();
    let span = value.span().unwrap_or(Span::synthetic());
    Thunk::deferred(span, move |ev| {
        let v = ev.force(&value)?;
        let Value::Attrs(attrs) = &v else {
            return Ok(v);
        };
        let mut out = Attrs::from_sorted(reopen_members(attrs)).with_span(attrs.span);
        out.open = Some(reason.clone());
        Ok(Value::attrs(out))
    })
}

/// `pkgs`: unknown, except `pkgs.lib` (qg's lib) and `pkgs.formats.<f> { }`, whose `type`
/// is `types.anything` and whose `generate` gives an unknown path.
pub(crate) fn make_pkgs(lib: &Value) -> Value {
    let lib_thunk = Thunk::value(lib.clone());
    let format_names = [
        "json",
        "yaml",
        "yaml_1_1",
        "yaml_1_2",
        "toml",
        "ini",
        "iniWithGlobalSection",
        "keyValue",
        "gitIni",
        "javaProperties",
        "elixirConf",
        "hocon",
        "lua",
        "nixConf",
        "php",
        "pythonVars",
        "systemd",
        "xml",
        "cdn",
        "libconfig",
        "plist",
    ];
    let lib_for_formats = lib.clone();
    let formats: Vec<Attr> = format_names
        .iter()
        .map(|name| {
            let lib = lib_for_formats.clone();
            let format = *name;
            Attr {
                name: format.into(),
                value: Thunk::value(PrimOp::native(
                    &format!("pkgs.formats.{format}"),
                    1,
                    move |ev, _args, _span| format_value(ev, &lib, format),
                )),
                key_span: None,
            }
        })
        .collect();
    let mut formats = Attrs::from_unsorted(formats);
    formats.open = Some("pkgs.formats".into());
    let mut pkgs = Attrs::from_unsorted(vec![
        Attr {
            name: "lib".into(),
            value: lib_thunk,
            key_span: None,
        },
        Attr {
            name: "formats".into(),
            value: Thunk::value(Value::attrs(formats)),
            key_span: None,
        },
    ]);
    pkgs.open = Some("pkgs".into());
    Value::attrs(pkgs)
}

/// `pkgs` of a host evaluated with a nixpkgs tree's NixOS modules: nothing of the package
/// set is evaluated. It holds what option declarations read (facts sheet, nixpkgs §2–§3):
/// `lib` (the tree's), `path` (the tree), `formats` (the tree's own `pkgs-lib` formats when
/// it has them, whose types need only lib; else qg's), and the platform
/// (`stdenv.hostPlatform`, `system`: the host's `nixpkgs.hostPlatform`, read when used).
/// Every other attribute (packages, `writeText`...) is unknown: the set is open.
pub(crate) fn tree_pkgs(lib: &Value, tree: &str, formats: Option<Thunk>, platform: Thunk) -> Value {
    let Value::Attrs(base) = make_pkgs(lib) else {
        return Value::unknown("pkgs");
    };
    let of_platform = |name: &'static str| {
        let platform = platform.clone();
        Thunk::deferred(Span::synthetic(), move |ev| match ev.force(&platform)? {
            Value::Attrs(p) => match p.get(name) {
                Some(t) => ev.force(&t.clone()),
                None => Ok(Value::unknown(format!("pkgs.stdenv.{name}"))),
            },
            other => Ok(other),
        })
    };
    let mut stdenv = make_attrs(vec![
        ("hostPlatform", platform.clone()),
        ("buildPlatform", platform.clone()),
        ("targetPlatform", platform.clone()),
        ("isLinux", of_platform("isLinux")),
        ("isDarwin", of_platform("isDarwin")),
    ]);
    stdenv.open = Some("pkgs.stdenv".into());
    let mut entries = vec![
        ("path", Thunk::value(Value::Path(tree.into()))),
        ("stdenv", Thunk::value(Value::attrs(stdenv))),
        ("system", of_platform("system")),
    ];
    if let Some(formats) = formats {
        entries.push(("formats", formats));
    }
    let mut pkgs = base.update(&make_attrs(entries));
    pkgs.open = Some("pkgs".into());
    Value::attrs(pkgs)
}

fn format_value(ev: &mut Evaluator<'_>, lib: &Value, format: &str) -> EvalResult<Value> {
    let anything = ev.select(lib, &["types", "anything"])?;
    let reason: Sym = format!("file generated by pkgs.formats.{format}").into();
    let generate = PrimOp::native("generate", 2, move |_, _, _| {
        Ok(Unknown::value(reason.clone(), Shape::Path))
    });
    let mut attrs = Attrs::from_unsorted(vec![
        Attr {
            name: "type".into(),
            value: Thunk::value(anything),
            key_span: None,
        },
        Attr {
            name: "generate".into(),
            value: Thunk::value(generate),
            key_span: None,
        },
    ]);
    attrs.open = Some(format!("pkgs.formats.{format}").into());
    Ok(Value::attrs(attrs))
}

// ---- small helpers on values ---------------------------------------------------------

/// The attribute `name` of a set, forced; `None` when absent (or the value is not a set).
pub(crate) fn attr(ev: &mut Evaluator<'_>, attrs: &Attrs, name: &str) -> EvalResult<Option<Value>> {
    match attrs.get(name) {
        Some(t) => Ok(Some(ev.force(&t.clone())?)),
        None => Ok(None),
    }
}

/// The `_type` of a set, if it has a string one.
pub(crate) fn type_tag(ev: &mut Evaluator<'_>, attrs: &Attrs) -> EvalResult<Option<Sym>> {
    match attr(ev, attrs, "_type")? {
        Some(Value::String(s)) => Ok(Some(s.text)),
        _ => Ok(None),
    }
}

/// Makes an attribute set from names and thunks.
pub(crate) fn make_attrs(entries: Vec<(&str, Thunk)>) -> Attrs {
    Attrs::from_unsorted(
        entries
            .into_iter()
            .map(|(name, value)| Attr {
                name: name.into(),
                value,
                key_span: None,
            })
            .collect(),
    )
}

/// Whether a path (from `Evaluator::file_path`) is qg's own embedded file.
pub(crate) fn is_embedded(path: &Path) -> bool {
    path.components()
        .any(|c| c.as_os_str() == super::source::VIRTUAL_DIR)
}
