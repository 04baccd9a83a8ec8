//! qg's NixOS module system: each host of the flake evaluated as `nixosSystem` would,
//! statically, with unknowns; what it finds on the way is reported as data ([`finding`]),
//! which the option rules of `qg-checks` word.
//!
//! Map, in data-flow order (see `docs/modules.md` for the semantics and the deliberate
//! differences from NixOS):
//! - [`source`]: the files an evaluation reads (flake files through salsa; qg's lib and base
//!   module embedded in the binary);
//! - [`context`]: what one host's evaluation shares (`lib`, `pkgs`, findings);
//! - [`crate::flake`]: `flake.nix`, its inputs and `nixosConfigurations`;
//! - [`collect`]: the closure of `imports`;
//! - [`declarations`]: the option tree; [`types`]: option types;
//! - [`definitions`]: definitions by path, properties pushed down and discharged;
//! - [`config`]: one module evaluation, `config` and `options` as lazy values;
//! - [`merge`]: merging by type, with type checks and conflicts;
//! - [`walk`]: forcing what a build forces, and the checks;
//! - [`finding`]: what the evaluation found, as data; [`report`]: findings in evaluator
//!   coordinates → findings on the flake's files; [`show`]: printing values.
//!
//! Entry points are salsa queries returning plain data: [`flake_hosts`], [`host_report`];
//! and [`show_option`] for `qg-check show`.

pub(crate) mod collect;
pub(crate) mod config;
pub(crate) mod context;
pub(crate) mod decl_cache;
pub(crate) mod declarations;
pub(crate) mod definitions;
pub(crate) mod finding;
pub(crate) mod home;
pub(crate) mod index;
pub(crate) mod lazy;
pub(crate) mod lookup;
pub(crate) mod merge;
pub(crate) mod report;
pub(crate) mod secrets;
pub(crate) mod show;
pub(crate) mod source;
pub(crate) mod types;
pub(crate) mod walk;

pub(crate) use index::OptionInfo;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use qg_eval::{Attrs, Evaluator, Options, Shape, Sym, Thunk, Unknown, Value};
use qg_syntax::{RelPath, Workspace};

use crate::facts::pack::Pack;
use crate::flake::{self, HostEntry, HostInfo};
use crate::Db;
use collect::ModuleInput;
use config::{ModuleSet, SetSpec};
use context::{attr, make_attrs, HostCtx};
use finding::{FindingKind, HostFinding, RelatedRole};
use source::WorkspaceLoader;

/// Evaluation limits of one host: generous for real fleets, finite for runaway code.
fn options() -> Options {
    Options {
        max_steps: 100_000_000,
        ..Options::default()
    }
}

/// The hosts of the flake, and the findings of evaluating `flake.nix` itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FlakeHosts {
    pub hosts: Vec<HostInfo>,
    /// Hosts of outputs qg does not check (`darwinConfigurations.mac`), for the notes.
    pub unchecked: Vec<String>,
    /// What evaluating `flake.nix` found, sorted by location.
    pub findings: Vec<HostFinding>,
}

/// One host evaluated and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct HostReport {
    pub name: String,
    /// What the evaluation found, each at a location in the flake, sorted by location.
    pub findings: Vec<HostFinding>,
    /// The module system that evaluated this report's modules.
    pub class: ModuleClass,
    /// What the evaluation could not read, one note per external module and place that
    /// imports it: where (a flake file's import, when there is one) and why (the
    /// module's source, as in `externals`).
    pub notes: Vec<Note>,
    /// Flake files the evaluation read as or for NixOS modules: what the NixOS rules
    /// (QG202) read.
    pub files: Vec<RelPath>,
    /// Flake files reached only under `home-manager.*` values (`home-manager.users.<n> =
    /// import ./home.nix`), or loaded only as modules of a home-manager user: home-manager
    /// modules, whose `config` is a home configuration; no NixOS rule reads them.
    pub home_files: Vec<RelPath>,
    /// Each flake file a module is written in, with the option path of the evaluation
    /// that loaded it (empty for the host's own; `home-manager.users.alice` for a user's
    /// `home.nix`), in loading order: what IDE features put before a file's paths.
    pub module_prefixes: Vec<(String, Vec<String>)>,
    /// Modules after `imports` (external ones included).
    pub modules: usize,
    /// The external modules imported (`input sops-nix`, `modulesPath`...), sorted, unique.
    pub externals: Vec<String>,
    /// A module of the flake could not be loaded or seen into: unknown options and
    /// options without a value are not reported for this host.
    pub incomplete: bool,
    /// What the knowledge packs found, for the cross-reference rules.
    pub facts: crate::facts::HostFacts,
}

/// Which module system a report's modules belong to: a host's NixOS modules, or (once qg
/// evaluates them apart) a home-manager user's modules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ModuleClass {
    #[default]
    Nixos,
    HomeManager,
}

/// Something an evaluation could not read, for people: where (a module's import, when
/// there is one in the flake) and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Note {
    pub at: Option<qg_syntax::Span>,
    pub why: String,
}

/// An opened flake: its evaluator state and host entries.
struct OpenFlake {
    ctx: Rc<HostCtx>,
    entries: Vec<HostEntry>,
    /// Hosts of outputs qg does not check (`darwinConfigurations.mac`).
    unchecked: Vec<String>,
    /// The hosts' root module sets made so far, released with the flake.
    roots: Rc<RefCell<Vec<Rc<ModuleSet>>>>,
}

fn open_flake(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
) -> Result<Option<OpenFlake>, Box<qg_eval::EvalError>> {
    let Some(flake) = flake::eval_flake(ev, loader)? else {
        return Ok(None);
    };
    let inputs = flake::read_inputs(ev, &flake);
    let ctx = Rc::new(HostCtx::new(ev, loader, &inputs.names)?);
    let Some(outputs) = flake::eval_outputs(ev, &ctx, loader, &flake, &inputs)? else {
        return Ok(None);
    };
    let entries = flake::host_entries(ev, &ctx, loader, &outputs)?;
    let unchecked = flake::unchecked_outputs(ev, &outputs);
    Ok(Some(OpenFlake {
        ctx,
        entries,
        unchecked,
        roots: Rc::default(),
    }))
}

/// A host's root module evaluation.
struct HostRun {
    root: Rc<ModuleSet>,
}

fn run_host(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    flake: &OpenFlake,
    entry: &HostEntry,
) -> Result<Option<HostRun>, Box<qg_eval::EvalError>> {
    let Some(args) = flake::host_args(ev, entry)? else {
        return Ok(None);
    };
    if let Some(tree) = home::home_tree(ev, entry)? {
        let root = home::run_home(ev, loader, &flake.ctx, &args, &tree)?;
        flake.roots.borrow_mut().push(root.clone());
        return Ok(Some(HostRun { root }));
    }
    let user_modules = flake_modules(ev, loader, &args)?;
    let modules_value = attr(ev, &args, "modules")?;
    let ctx = &flake.ctx;
    let mut after = Vec::new();
    let (mut inputs, lib, pkgs, modules_path, platform) = match flake::host_tree(ev, entry)? {
        Some(tree) => {
            let modules = modules_value.unwrap_or_else(|| Value::list(Vec::new()));
            let nixos = nixos_base(ev, loader, ctx, &args, &tree, modules)?;
            ctx.nixos_modules.set(true);
            after = nixos.after;
            (
                nixos.inputs,
                nixos.lib,
                nixos.pkgs,
                Value::string(nixos.modules_path),
                Some(nixos.platform),
            )
        }
        None => {
            let base = base_input(
                Thunk::value(Value::Path(
                    loader.embedded_path("base.nix").to_string_lossy().into(),
                )),
                "lib/modules.nix".into(),
                "qg:base".into(),
            );
            let modules_path = Unknown::value("modulesPath", Shape::Path);
            (
                vec![base],
                ctx.lib.clone(),
                ctx.pkgs.clone(),
                modules_path,
                None,
            )
        }
    };
    inputs.extend(user_modules);
    inputs.extend(after);
    let special_args = special_args(ev, &args, "specialArgs", modules_path)?;
    let spec = SetSpec::root(special_args, lib, pkgs);
    let root = ModuleSet::new(ev, flake.ctx.clone(), spec, inputs);
    if let Some(platform) = platform {
        *platform.borrow_mut() = Some(root.config.clone());
    }
    flake.roots.borrow_mut().push(root.clone());
    Ok(Some(HostRun { root }))
}

/// A module of the host's base (not the flake's).
pub(crate) fn base_input(value: Thunk, file: Sym, key: String) -> ModuleInput {
    ModuleInput {
        value,
        file,
        key,
        import_span: None,
        workspace: false,
        conds: Default::default(),
        shorthand_config: false,
    }
}

/// What a host evaluated with a nixpkgs tree's NixOS modules starts from, as
/// `nixos/lib/eval-config.nix` sets it up (`modules/nixos.nix`).
struct NixosBase {
    inputs: Vec<ModuleInput>,
    /// Modules after the host's (the nixpkgs flake's `nixosSystem` adds one).
    after: Vec<ModuleInput>,
    lib: Value,
    pkgs: Value,
    modules_path: String,
    /// Filled with the host's `config` once it exists: `pkgs.stdenv.hostPlatform` reads it.
    platform: Rc<RefCell<Option<Thunk>>>,
}

fn nixos_base(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    ctx: &Rc<HostCtx>,
    args: &Attrs,
    tree: &str,
    modules: Value,
) -> Result<NixosBase, Box<qg_eval::EvalError>> {
    let lib = ev.force(&ctx.tree_lib(loader, tree))?;
    let config_cell: Rc<RefCell<Option<Thunk>>> = Rc::default();
    let platform = {
        let cell = config_cell.clone();
        ctx.deferred(qg_eval::Span::synthetic(), move |ev| {
            let Some(config) = cell.borrow().clone() else {
                return Ok(Unknown::value("the host's platform", Shape::Attrs));
            };
            match ev
                .force(&config)
                .and_then(|c| ev.select(&c, &["nixpkgs", "hostPlatform"]))
            {
                Ok(v @ Value::Attrs(_)) => Ok(v),
                _ => Ok(Unknown::value("the host's platform", Shape::Attrs)),
            }
        })
    };
    // The tree's own formats (`pkgs/pkgs-lib/formats.nix`, whose types need only lib),
    // when it has them.
    let formats_file = format!("{tree}/pkgs/pkgs-lib/formats.nix");
    let pkgs_cell: Rc<RefCell<Option<Value>>> = Rc::default();
    let has_formats = matches!(
        ev.loader().kind(std::path::Path::new(&formats_file)),
        Some(qg_eval::FileKind::Regular { .. })
    );
    let formats = has_formats.then(|| {
        let (lib, cell) = (lib.clone(), pkgs_cell.clone());
        ctx.deferred(qg_eval::Span::synthetic(), move |ev| {
            let f = ev.eval_file(std::path::Path::new(&formats_file))?;
            let pkgs = cell.borrow().clone().unwrap_or(Value::Null);
            let args = make_attrs(vec![
                ("lib", Thunk::value(lib.clone())),
                ("pkgs", Thunk::value(pkgs)),
            ]);
            ev.call_function(&f, Value::attrs(args))
        })
    });
    let pkgs = context::tree_pkgs(&lib, tree, formats, platform);
    *pkgs_cell.borrow_mut() = Some(pkgs.clone());
    let system = attr(ev, args, "system")?.unwrap_or(Value::Null);
    let glue = ev.eval_file(&loader.embedded_path("nixos.nix"))?;
    let glue_args = make_attrs(vec![
        ("lib", Thunk::value(lib.clone())),
        ("tree", Thunk::value(Value::Path(tree.into()))),
        ("system", Thunk::value(system)),
        ("pkgs", Thunk::value(pkgs.clone())),
        ("modules", Thunk::value(modules)),
    ]);
    let glue = ev.call_function(&glue, Value::attrs(glue_args))?;
    let modules_path = match ev.select(&glue, &["modulesPath"])? {
        Value::String(s) => s.text.to_string(),
        _ => format!("{tree}/nixos/modules"),
    };
    let mut inputs = vec![ctx.builtin_module()];
    let list_file: Sym = format!("{tree}/nixos/modules/module-list.nix").into();
    match ev.select(&glue, &["baseModules"])? {
        Value::List(list) => {
            for (i, m) in list.iter().enumerate() {
                let key = format!("{list_file}:anon-{}", i + 1);
                inputs.push(base_input(m.clone(), list_file.clone(), key));
            }
        }
        // What NixOS's modules are is unknown: any option may be declared.
        _ => ctx.incomplete.set(true),
    }
    let eval_config: Sym = format!("{tree}/nixos/lib/eval-config.nix").into();
    let glue_module = Thunk::value(ev.select(&glue, &["glue"])?);
    inputs.push(base_input(
        glue_module,
        eval_config,
        "qg:eval-config".into(),
    ));
    let flake_file: Sym = format!("{tree}/flake.nix").into();
    let flake_source = Thunk::value(ev.select(&glue, &["flakeSource"])?);
    let after = vec![base_input(
        flake_source,
        flake_file,
        "qg:nixpkgs-flake".into(),
    )];
    Ok(NixosBase {
        inputs,
        after,
        lib,
        pkgs,
        modules_path,
        platform: config_cell,
    })
}

/// The argument's `modules`, as the flake's (`flake.nix` holds the list).
pub(super) fn flake_modules(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    args: &Attrs,
) -> Result<Vec<ModuleInput>, Box<qg_eval::EvalError>> {
    let flake_file: Sym = loader.root().join("flake.nix").to_string_lossy().into();
    let Some(Value::List(modules)) = attr(ev, args, "modules")? else {
        return Ok(Vec::new());
    };
    Ok(modules
        .iter()
        .enumerate()
        .map(|(i, m)| ModuleInput {
            value: m.clone(),
            file: flake_file.clone(),
            key: format!(":anon-{}", i + 1),
            import_span: m.span(),
            workspace: true,
            conds: Default::default(),
            shorthand_config: false,
        })
        .collect())
}

/// `{ modulesPath; } // args.<key>`: `specialArgs` for a host, `extraSpecialArgs` for a
/// standalone home configuration.
pub(super) fn special_args(
    ev: &mut Evaluator<'_>,
    args: &Attrs,
    key: &str,
    modules_path: Value,
) -> Result<Value, Box<qg_eval::EvalError>> {
    let base = make_attrs(vec![("modulesPath", Thunk::value(modules_path))]);
    Ok(match attr(ev, args, key)? {
        Some(Value::Attrs(user)) => Value::attrs(base.update(&user)),
        Some(Value::Unknown(u)) => Value::Unknown(u),
        _ => Value::attrs(base),
    })
}

/// Breaks an evaluation's reference cycles when dropped: also when a salsa cancellation
/// unwinds through it, which the language server causes on every edit that arrives while a
/// host is evaluated. Without it each cancelled evaluation would leak its values.
struct Release {
    ctx: Rc<HostCtx>,
    roots: Rc<RefCell<Vec<Rc<ModuleSet>>>>,
}

impl Drop for Release {
    fn drop(&mut self) {
        for root in self.roots.borrow_mut().drain(..) {
            root.clear();
        }
        self.ctx.release();
    }
}

/// Evaluates the flake and runs `f` with the evaluator and the opened flake; the flake's
/// evaluation (and every host `run_host` made) is released afterwards, also when `f`
/// unwinds.
fn with_flake<R>(
    db: &dyn Db,
    workspace: Workspace,
    f: impl FnOnce(
        &mut Evaluator<'_>,
        &WorkspaceLoader<'_>,
        Result<Option<OpenFlake>, Box<qg_eval::EvalError>>,
    ) -> R,
) -> R {
    let loader = WorkspaceLoader::new(db, workspace);
    let mut ev = Evaluator::new(&loader, loader.root(), options());
    let flake = if let Some(file) = &workspace.config(db).nixos_config {
        // A classic configuration (`--nixos-config FILE`): one host, no flake.
        crate::classic::open(&mut ev, &loader, file).map(|(ctx, entries)| {
            Some(OpenFlake {
                ctx,
                entries,
                unchecked: Vec::new(),
                roots: Rc::default(),
            })
        })
    } else if loader.file("flake.nix").is_some() {
        open_flake(&mut ev, &loader)
    } else {
        Ok(None)
    };
    let _release = match &flake {
        Ok(Some(open)) => Some(Release {
            ctx: open.ctx.clone(),
            roots: open.roots.clone(),
        }),
        _ => None,
    };
    f(&mut ev, &loader, flake)
}

/// The hosts of the flake (plain data for `--list-hosts` and the per-host queries).
#[salsa::tracked(returns(ref))]
pub fn flake_hosts(db: &dyn Db, workspace: Workspace) -> FlakeHosts {
    with_flake(db, workspace, |ev, loader, flake| {
        let mut out = FlakeHosts::default();
        let flake = match flake {
            Ok(Some(f)) => f,
            Ok(None) => return out,
            Err(e) => {
                out.findings = report::to_host_findings(ev, loader, &error_findings(&e));
                return out;
            }
        };
        out.unchecked = flake.unchecked.clone();
        for entry in &flake.entries {
            match flake::host_args(ev, entry) {
                Ok(Some(args)) => out.hosts.push(flake::host_info(ev, &entry.name, &args)),
                Ok(None) => {}
                Err(e) => walk::report_error(ev, &flake.ctx, &e, None),
            }
        }
        let findings = flake.ctx.findings.borrow().clone();
        out.findings = report::to_host_findings(ev, loader, &findings);
        out
    })
}

/// The findings of an error met outside any host.
fn error_findings(e: &qg_eval::EvalError) -> Vec<context::Finding> {
    if e.involves_unknown || walk::is_reported_by_lints(&e.message) {
        return Vec::new();
    }
    let mut spans: Vec<qg_eval::Span> = e.span.into_iter().collect();
    spans.extend(e.trace.iter().map(|(s, _)| *s));
    vec![context::Finding {
        kind: FindingKind::EvaluationError {
            message: e.message.clone(),
        },
        spans,
        related: e
            .trace
            .iter()
            .map(|(s, w)| (*s, RelatedRole::Trace(w.clone())))
            .collect(),
        fix: None,
    }]
}

/// A host's name, for the per-host query.
#[salsa::interned(debug)]
pub struct HostName<'db> {
    #[returns(ref)]
    pub name: String,
}

/// One host evaluated and checked: its findings and what it read.
#[salsa::tracked(returns(ref))]
pub fn host_report<'db>(db: &'db dyn Db, workspace: Workspace, host: HostName<'db>) -> HostReport {
    let name = host.name(db).clone();
    with_flake(db, workspace, |ev, loader, flake| {
        let mut report = HostReport {
            name: name.clone(),
            ..HostReport::default()
        };
        let Ok(Some(flake)) = flake else {
            return report;
        };
        let Some(entry) = flake.entries.iter().find(|e| *e.name == *name) else {
            return report;
        };
        let mut facts = None;
        let mut home_files: Vec<RelPath> = Vec::new();
        match run_host(ev, loader, &flake, entry) {
            Ok(Some(run)) => {
                walk::walk_host(ev, &run.root);
                let nixos_files = loader.files_read();
                walk::walk_home_manager(ev, &run.root);
                report.module_prefixes = module_prefixes(loader, &flake.ctx);
                // A user's module may also be read by the NixOS walk (home-manager's
                // NixOS module reads each user's config for its assertions and units):
                // what makes it a home-manager module is the evaluation that loads it.
                let home_modules = home_manager_modules(&report.module_prefixes);
                home_files = loader
                    .files_read()
                    .into_iter()
                    .filter(|f| {
                        nixos_files.binary_search(f).is_err() || home_modules.contains(&**f)
                    })
                    .collect();
                let packs = workspace_packs(db, workspace);
                let mut found = crate::facts::extract::host_facts(ev, loader, &run.root, packs);
                found.secrets = secrets::host_secrets(ev, loader, &run.root);
                found.user_secrets = secrets::home_manager_secrets(ev, loader, &run.root);
                facts = Some(found);
                report.modules =
                    run.root.modules().len().saturating_sub(1) + flake.ctx.externals.borrow().len();
            }
            Ok(None) => {}
            Err(e) => walk::report_error(ev, &flake.ctx, &e, None),
        }
        let findings = flake.ctx.findings.borrow().clone();
        report.findings = report::to_host_findings(ev, loader, &findings);
        let externals: BTreeSet<String> = flake
            .ctx
            .externals
            .borrow()
            .iter()
            .map(|e| e.source.clone())
            .collect();
        report.externals = externals.into_iter().collect();
        for e in flake.ctx.externals.borrow().iter() {
            let note = Note {
                at: e.at.and_then(|s| report::flake_span(ev, loader, s)),
                why: e.source.clone(),
            };
            if !report.notes.contains(&note) {
                report.notes.push(note);
            }
        }
        report.files = loader
            .files_read()
            .into_iter()
            .filter(|f| home_files.binary_search(f).is_err())
            .collect();
        report.home_files = home_files;
        report.incomplete = flake.ctx.incomplete.get();
        if let Some(mut facts) = facts {
            if report.incomplete {
                facts.mark_all_incomplete(workspace_packs(db, workspace));
            }
            report.facts = facts;
        }
        report
    })
}

/// Each flake file a module of the evaluation is written in, with the prefix of the
/// evaluation that loaded it, once each.
fn module_prefixes(loader: &WorkspaceLoader<'_>, ctx: &HostCtx) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (file, prefix) in ctx.module_files.borrow().iter() {
        let Some(rel) = loader.relative(std::path::Path::new(&**file)) else {
            continue;
        };
        let entry = (rel, prefix.iter().map(|s| s.to_string()).collect());
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// The files whose every module is loaded by a home-manager user's evaluation (under
/// `home-manager.*`), never by the host's own.
fn home_manager_modules(prefixes: &[(String, Vec<String>)]) -> BTreeSet<&str> {
    let in_home = |p: &[String]| p.first().is_some_and(|top| top == walk::HOME_MANAGER);
    let nixos: BTreeSet<&str> = prefixes
        .iter()
        .filter(|(_, p)| !in_home(p))
        .map(|(f, _)| f.as_str())
        .collect();
    prefixes
        .iter()
        .filter(|(f, p)| in_home(p) && !nixos.contains(f.as_str()))
        .map(|(f, _)| f.as_str())
        .collect()
}

/// The options one host declares, sorted by path: from the on-disk index when it holds
/// them for the flake as it is ([`decl_cache`]), else from an evaluation of the host's
/// modules of its own (a check does not need them: describing thousands of NixOS options
/// costs more than checking the host), which then writes the index.
#[salsa::tracked(returns(ref))]
pub(crate) fn host_option_list<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: HostName<'db>,
) -> Vec<OptionInfo> {
    let name = host.name(db).clone();
    let entry = decl_cache::entry_key(db, workspace, &name);
    let text_hash = |path: &str| {
        let file = workspace.file(db, path)?;
        Some(decl_cache::text_hash(file.text(db)))
    };
    if let Some(options) = entry.as_ref().and_then(|e| decl_cache::read(e, text_hash)) {
        return options;
    }
    let (options, read) = with_flake(db, workspace, |ev, loader, flake| {
        let Ok(Some(flake)) = flake else {
            return (Vec::new(), loader.files_read());
        };
        let Some(entry) = flake.entries.iter().find(|e| *e.name == *name) else {
            return (Vec::new(), loader.files_read());
        };
        let options = match run_host(ev, loader, &flake, entry) {
            Ok(Some(run)) => index::declared_options(ev, loader, &run.root),
            _ => Vec::new(),
        };
        (options, loader.files_read())
    });
    if let Some(entry) = &entry {
        let reads = read
            .iter()
            .filter_map(|path| Some((path.to_string(), text_hash(path)?)))
            .collect();
        decl_cache::write(entry, reads, &options);
    }
    options
}

/// The report of every host of the flake.
pub fn host_reports(db: &dyn Db, workspace: Workspace) -> Vec<&HostReport> {
    flake_hosts(db, workspace)
        .hosts
        .iter()
        .map(|h| host_report(db, workspace, HostName::new(db, h.name.clone())))
        .collect()
}

/// The knowledge packs of the flake: the built-in ones, then the fleet's own (`packs` in
/// `qg.toml`). A fleet pack that does not parse is refused when the flake is loaded
/// (`qg-ide`'s `read_config` calls [`packs_of`]); a configuration that still has one (set
/// by a program) gets the built-in packs alone.
#[salsa::tracked(returns(ref))]
pub fn workspace_packs(db: &dyn Db, workspace: Workspace) -> Vec<Pack> {
    packs_of(workspace.config(db)).unwrap_or_else(|_| crate::facts::pack::built_in())
}

/// The built-in packs and the fleet's packs of `config`, or the first pack error.
pub fn packs_of(config: &qg_syntax::Config) -> Result<Vec<Pack>, crate::facts::pack::PackError> {
    let mut packs = crate::facts::pack::built_in();
    for file in &config.pack_files {
        packs.push(crate::facts::pack::parse_pack(&file.shown, &file.text)?);
    }
    Ok(packs)
}

/// A host as `qg-check --list-hosts` shows it.
#[derive(Debug, Clone)]
pub struct HostSummary {
    pub info: HostInfo,
    pub modules: usize,
    pub files: usize,
    pub externals: Vec<String>,
    /// The external modules, each with where the flake imports it.
    pub notes: Vec<Note>,
    pub incomplete: bool,
}

pub fn host_summaries(db: &dyn Db, workspace: Workspace) -> Vec<HostSummary> {
    flake_hosts(db, workspace)
        .hosts
        .iter()
        .map(|h| {
            let report = host_report(db, workspace, HostName::new(db, h.name.clone()));
            HostSummary {
                info: h.clone(),
                modules: report.modules,
                files: report.files.iter().filter(|f| f.ends_with(".nix")).count(),
                externals: report.externals.clone(),
                notes: report.notes.clone(),
                incomplete: report.incomplete,
            }
        })
        .collect()
}

/// What `qg-check show HOST OPTION` prints: the merged value, and with `definitions`
/// every definition with its location and priority. `Err` names what was not found.
pub fn show_option(
    db: &dyn Db,
    workspace: Workspace,
    host: &str,
    option: &str,
    definitions: bool,
) -> Result<String, String> {
    let path = parse_option_path(option)?;
    with_flake(db, workspace, |ev, loader, flake| {
        let flake = match flake {
            Ok(Some(f)) => f,
            Ok(None) => return Err("the flake has no nixosConfigurations".to_string()),
            Err(e) => return Err(format!("the flake does not evaluate: {}", e.message)),
        };
        let Some(entry) = flake.entries.iter().find(|e| *e.name == *host) else {
            let names: Vec<&str> = flake.entries.iter().map(|e| &*e.name).collect();
            return Err(format!("no host `{host}`; hosts: {}", names.join(", ")));
        };
        let run = match run_host(ev, loader, &flake, entry) {
            Ok(Some(run)) => run,
            Ok(None) => return Err(format!("`{host}` is not built with nixosSystem")),
            Err(e) => return Err(format!("`{host}` does not evaluate: {}", e.message)),
        };
        show::show_path(ev, loader, &run.root, &path, definitions)
    })
}

/// `a.b."c.d".e` → names.
fn parse_option_path(text: &str) -> Result<Vec<Sym>, String> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            '.' if !quoted => names.push(std::mem::take(&mut current).into()),
            c => current.push(c),
        }
    }
    if quoted {
        return Err(format!("unbalanced quote in `{text}`"));
    }
    if text.is_empty() {
        return Ok(Vec::new());
    }
    names.push(current.into());
    Ok(names)
}
