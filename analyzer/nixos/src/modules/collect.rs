//! Module collection: the closure of `imports`, as NixOS's `collectModules` does it.
//!
//! Modules are loaded breadth-first (the given list, then their imports level by level); a
//! key seen before is skipped; `disabledModules` drops a module and what it imports. A
//! module is a path (imported, then called if it is a function), a function (called with
//! the module arguments), or a set (explicit `{ imports; options; config; }` or shorthand,
//! where everything but a few keys is config). An unknown module (a flake input's, or one
//! under `modulesPath`) is recorded as external. A path the flake cannot see is a missing
//! import.

use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use qg_eval::{Attr, Attrs, EvalResult, Evaluator, FileKind, Shape, Span, Sym, Thunk, Value};

use super::config::ModuleSet;
use super::context::{attr, type_tag, ExternalModule, Finding};
use super::definitions::{Conds, Origin};
use super::finding::{FindingKind, MissingImportKind};

/// A module to load: a value and where it comes from.
#[derive(Clone)]
pub(crate) struct ModuleInput {
    pub value: Thunk,
    /// The file anonymous modules inherit.
    pub file: Sym,
    pub key: String,
    pub import_span: Option<Span>,
    pub workspace: bool,
    /// Conditions of a submodule definition (unknown ones only).
    pub conds: Conds,
    /// A set that is only config (a definition of `types.submodule`).
    pub shorthand_config: bool,
}

/// A loaded module.
pub(crate) struct Module {
    pub origin: Rc<Origin>,
    pub key: String,
    pub config: Option<Thunk>,
    pub options: Option<Thunk>,
    pub conds: Conds,
    pub freeform: bool,
}

struct Loaded {
    module: Module,
    imports: Vec<ModuleInput>,
    disabled: Vec<String>,
    parent: Option<usize>,
}

/// What collection found besides the modules.
#[derive(Default)]
pub(crate) struct Collected {
    pub modules: Vec<Rc<Module>>,
    /// An unknown value was given as a module (its definitions are invisible).
    pub has_unknown: bool,
}

/// Loads every module reachable from `inputs`.
pub(crate) fn collect(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    inputs: Vec<ModuleInput>,
) -> Collected {
    let mut loaded: Vec<Loaded> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Collected::default();
    let mut queue: VecDeque<(ModuleInput, Option<usize>)> =
        inputs.into_iter().map(|i| (i, None)).collect();
    while let Some((input, parent)) = queue.pop_front() {
        let result = load(ev, ms, &input);
        let Some(mut l) = (match result {
            Ok(l) => l,
            Err(e) => {
                ms.mark_unread();
                note_broken_module(ev, &ms.ctx, &e, &ms.prefix);
                super::walk::report_error(ev, &ms.ctx, &e, input.import_span);
                None
            }
        }) else {
            continue;
        };
        if l.module.key.is_empty() {
            out.has_unknown = true;
            continue;
        }
        if !seen.insert(l.module.key.clone()) {
            continue;
        }
        l.parent = parent;
        let index = loaded.len();
        for import in std::mem::take(&mut l.imports) {
            queue.push_back((import, Some(index)));
        }
        loaded.push(l);
    }
    let disabled: HashSet<String> = loaded.iter().flat_map(|l| l.disabled.clone()).collect();
    let mut dropped = vec![false; loaded.len()];
    for i in 0..loaded.len() {
        let by_parent = loaded[i].parent.is_some_and(|p| dropped[p]);
        dropped[i] = by_parent || disabled.contains(&loaded[i].module.key);
    }
    out.modules = loaded
        .into_iter()
        .zip(dropped)
        .filter(|(_, d)| !d)
        .map(|(l, _)| Rc::new(l.module))
        .collect();
    out
}

/// A module whose file does not parse (the one being edited) is still known to be this
/// evaluation's: the IDE completes its options below the evaluation's prefix.
pub(crate) fn note_broken_module(
    ev: &Evaluator<'_>,
    ctx: &super::context::HostCtx,
    e: &qg_eval::EvalError,
    prefix: &[Sym],
) {
    if !e.message.starts_with("syntax error") {
        return;
    }
    if let Some(span) = e.span {
        ctx.note_module_file(ev.file_path(span.file).to_string_lossy().into(), prefix);
    }
}

/// Loads one module; `Ok(None)` when it is skipped (missing file, external module).
fn load(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    input: &ModuleInput,
) -> EvalResult<Option<Loaded>> {
    let value = ev.force(&input.value)?;
    match &value {
        Value::Path(p) => load_path(ev, ms, input, p),
        Value::String(s) if s.text.starts_with('/') && s.context.is_none() => {
            load_path(ev, ms, input, &s.text)
        }
        Value::Unknown(u) => {
            let source = if !is_external(&u.reason) {
                // A module of the flake that qg cannot see into: its options are unknown,
                // and the note says which file imports it.
                ms.mark_unread();
                let by = ms.ctx.relative(&input.file);
                format!("a module imported by {by} is unknown: {}", u.reason)
            } else {
                if is_file_of_input(u) {
                    ms.mark_unread();
                }
                u.reason.to_string()
            };
            ms.mark_external();
            ms.ctx.externals.borrow_mut().push(ExternalModule {
                source,
                at: input.import_span,
            });
            Ok(Some(unknown_module()))
        }
        _ => load_value(ev, ms, input, value, input.file.clone(), None),
    }
}

/// Whether an unknown module comes from outside the flake (a flake input, nixpkgs'
/// `modulesPath`), whose options are not the flake's own.
fn is_external(reason: &str) -> bool {
    reason.starts_with("input ") || reason == "modulesPath" || reason.ends_with("outside the root")
}

/// Whether an unknown module is a file inside an input's source (`"${inputs.x}/y.nix"`),
/// not a module the input exports (`inputs.x.nixosModules.y`). Such files are the fleet's
/// own configuration kept elsewhere (a private secrets repository is the common case): they
/// set the fleet's options, so what qg knows of those is incomplete. An exported module is
/// taken to define its own options only, and so is a file of a nixpkgs input
/// (`inputs.nixpkgs + "/nixos/modules/installer/..."`): a NixOS module, as one under
/// `modulesPath` is.
fn is_file_of_input(u: &qg_eval::Unknown) -> bool {
    u.reason
        .strip_prefix("input ")
        .is_some_and(|name| !name.starts_with("nixpkgs"))
        && matches!(u.shape, Shape::String(_) | Shape::Path)
}

/// A placeholder: an unknown module (empty key, see [`collect`]).
fn unknown_module() -> Loaded {
    Loaded {
        module: Module {
            origin: Rc::new(Origin {
                file: "".into(),
                workspace: false,
                import_span: None,
                renamed_from: None,
            }),
            key: String::new(),
            config: None,
            options: None,
            conds: Conds::default(),
            freeform: false,
        },
        imports: Vec::new(),
        disabled: Vec::new(),
        parent: None,
    }
}

fn load_path(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    input: &ModuleInput,
    path: &str,
) -> EvalResult<Option<Loaded>> {
    if !ev.inside_root(path) {
        ms.mark_external();
        ms.ctx.externals.borrow_mut().push(ExternalModule {
            source: format!("{path}, outside the flake"),
            at: input.import_span,
        });
        return Ok(Some(unknown_module()));
    }
    if !visible(ev, path) {
        report_missing(ev, ms, input, path);
        return Ok(None);
    }
    let span = input.import_span.unwrap_or_else(|| ev.no_span());
    let imported = ev.import(path, span)?;
    let key = file_of(ev, path);
    // qg's own files and a nixpkgs tree's (NixOS's modules) are not the flake's.
    let workspace =
        !super::context::is_embedded(std::path::Path::new(path)) && !ms.ctx.in_nixpkgs_tree(path);
    let file: Sym = if workspace {
        ms.ctx.relative(&key).into()
    } else {
        key.clone()
    };
    let input = ModuleInput {
        workspace,
        ..input.clone()
    };
    load_value(
        ev,
        ms,
        &input,
        imported,
        file.clone(),
        Some(file.to_string()),
    )
}

/// The file a path module is known by (a directory means its `default.nix`).
fn file_of(ev: &mut Evaluator<'_>, path: &str) -> Sym {
    let p = std::path::Path::new(path);
    if ev.loader().kind(p) == Some(FileKind::Directory) {
        return format!("{path}/default.nix").into();
    }
    path.into()
}

/// Whether the flake sees `path` (a file, or a directory with a `default.nix`).
fn visible(ev: &mut Evaluator<'_>, path: &str) -> bool {
    let p = std::path::Path::new(path);
    match ev.loader().kind(p) {
        Some(FileKind::Directory) => matches!(
            ev.loader().kind(&p.join("default.nix")),
            Some(FileKind::Regular { .. })
        ),
        Some(_) => true,
        None => false,
    }
}

fn report_missing(_ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>, input: &ModuleInput, path: &str) {
    ms.mark_unread();
    let p = std::path::Path::new(path);
    let shown = ms.ctx.relative(path);
    let on_disk = p.exists() && (!p.is_dir() || p.join("default.nix").exists());
    let why = if on_disk {
        MissingImportKind::Untracked
    } else if p.is_dir() {
        MissingImportKind::NoDefaultNix
    } else {
        MissingImportKind::Missing
    };
    let kind = FindingKind::MissingImport { path: shown, why };
    ms.ctx
        .report(Finding::new(kind, input.import_span.into_iter().collect()));
}

/// Keys of a module set that are not config in the shorthand form.
const NOT_CONFIG: &[&str] = &[
    "_class",
    "_file",
    "key",
    "disabledModules",
    "require",
    "imports",
    "freeformType",
];

/// Keys of the explicit form.
const EXPLICIT: &[&str] = &[
    "_class",
    "_file",
    "key",
    "disabledModules",
    "imports",
    "options",
    "config",
    "meta",
    "freeformType",
    "require",
];

fn load_value(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    input: &ModuleInput,
    value: Value,
    file: Sym,
    path_key: Option<String>,
) -> EvalResult<Option<Loaded>> {
    let renamed_from = renamed_from(ev, &value)?;
    let value = if is_function(&value) {
        let args = ms.module_args(ev, &value)?;
        let span = input.import_span.unwrap_or_else(|| ev.no_span());
        ev.force(&Thunk::apply(value, vec![Thunk::value(args)], span))?
    } else {
        value
    };
    let attrs = match &value {
        Value::Attrs(a) => a.clone(),
        Value::Unknown(u) => {
            // A module function of the flake whose result depends on an unknown.
            ms.mark_unread();
            ms.mark_external();
            ms.ctx.externals.borrow_mut().push(ExternalModule {
                source: u.reason.to_string(),
                at: input.import_span,
            });
            return Ok(Some(unknown_module()));
        }
        other => {
            return Err(qg_eval::EvalError::new(
                qg_eval::ErrorKind::Type,
                format!(
                    "module {file} does not look like a module (it is {})",
                    other.describe()
                ),
            ))
        }
    };
    if let Some(span) = attrs.span {
        // Where the module's text is, and in which evaluation (for the IDE).
        ms.ctx
            .note_module_file(ev.file_path(span.file).to_string_lossy().into(), &ms.prefix);
    }
    let file = match attr(ev, &attrs, "_file")? {
        Some(Value::String(s)) => s.text,
        Some(Value::Path(p)) => p,
        _ => file,
    };
    let key = match attr(ev, &attrs, "key")? {
        Some(Value::String(s)) => s.text.to_string(),
        Some(Value::Path(p)) => p.to_string(),
        _ => path_key.unwrap_or_else(|| input.key.clone()),
    };
    let origin = Rc::new(Origin {
        file: file.clone(),
        workspace: input.workspace,
        import_span: input.import_span,
        renamed_from,
    });
    if input.shorthand_config {
        return Ok(Some(Loaded {
            module: Module {
                origin,
                key,
                config: Some(Thunk::value(value)),
                options: None,
                conds: input.conds.clone(),
                freeform: false,
            },
            imports: Vec::new(),
            disabled: Vec::new(),
            parent: None,
        }));
    }
    let tag = type_tag(ev, &attrs)?;
    let (config, options) = match tag.as_deref() {
        Some("if") | Some("override") | Some("merge") => (Some(Thunk::value(value.clone())), None),
        _ if attrs.contains("config") || attrs.contains("options") => {
            report_unsupported_attributes(ms, &attrs, &file);
            (attrs.get("config").cloned(), attrs.get("options").cloned())
        }
        _ => (
            Some(Thunk::value(Value::attrs(shorthand_config(&attrs)))),
            None,
        ),
    };
    let imports = imports_of(ev, ms, &attrs, &file, &key, input)?;
    let disabled = disabled_of(ev, ms, &attrs)?;
    Ok(Some(Loaded {
        module: Module {
            origin,
            key,
            config,
            options,
            conds: input.conds.clone(),
            freeform: attrs.contains("freeformType"),
        },
        imports,
        disabled,
        parent: None,
    }))
}

/// The old option of a rename or removal module of qg's lib (marked `_qg = { from; ... }`).
fn renamed_from(ev: &mut Evaluator<'_>, value: &Value) -> EvalResult<Option<Vec<Sym>>> {
    let Value::Attrs(a) = value else {
        return Ok(None);
    };
    let Some(Value::Attrs(marker)) = attr(ev, a, "_qg")? else {
        return Ok(None);
    };
    let Some(Value::List(from)) = attr(ev, &marker, "from")? else {
        return Ok(None);
    };
    let mut path = Vec::new();
    for name in from.iter() {
        match ev.force(name)? {
            Value::String(s) => path.push(s.text),
            // mkMergedOptionModule: several old options.
            _ => return Ok(None),
        }
    }
    Ok(Some(path))
}

/// NixOS refuses other attributes beside an explicit `config` or `options`.
fn report_unsupported_attributes(ms: &Rc<ModuleSet>, attrs: &Attrs, file: &str) {
    let unsupported: Vec<&Attr> = attrs
        .iter()
        .filter(|a| !EXPLICIT.contains(&&*a.name))
        .collect();
    let Some(first) = unsupported.first() else {
        return;
    };
    let kind = FindingKind::UnsupportedAttributes {
        module: file.to_string(),
        attributes: unsupported.iter().map(|a| a.name.to_string()).collect(),
    };
    ms.ctx
        .report(Finding::new(kind, first.key_span.into_iter().collect()));
}

fn is_function(v: &Value) -> bool {
    v.is_function() || v.as_attrs().is_some_and(|a| a.contains("__functor"))
}

/// The config part of a shorthand module: the set without the module-level keys.
fn shorthand_config(attrs: &Attrs) -> Attrs {
    attrs.filtered(|a| !NOT_CONFIG.contains(&&*a.name))
}

fn imports_of(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    attrs: &Attrs,
    file: &Sym,
    key: &str,
    input: &ModuleInput,
) -> EvalResult<Vec<ModuleInput>> {
    let mut out = Vec::new();
    for name in ["imports", "require"] {
        let items = match attr(ev, attrs, name)? {
            Some(Value::List(items)) => items,
            Some(Value::Unknown(u)) => {
                // Which modules the list holds is unknown (a lib function qg lacks, a
                // condition on an input...): they may set any option of the host, so the
                // host is incomplete, and says why.
                let shown = ms.ctx.relative(file);
                ms.mark_unread();
                ms.mark_external();
                ms.ctx.externals.borrow_mut().push(ExternalModule {
                    source: format!("`{name}` of {shown} is unknown: {}", u.reason),
                    at: attrs
                        .iter()
                        .find(|a| &*a.name == name)
                        .and_then(|a| a.key_span),
                });
                continue;
            }
            _ => continue,
        };
        for item in items.iter() {
            let n = out.len() + 1;
            out.push(ModuleInput {
                import_span: item.span().or(input.import_span),
                value: item.clone(),
                file: file.clone(),
                key: format!("{key}:anon-{n}"),
                workspace: input.workspace,
                conds: input.conds.clone(),
                shorthand_config: false,
            });
        }
    }
    Ok(out)
}

/// The keys of the modules `disabledModules` drops: a path, a set's `key`, or a string
/// (relative to `modulesPath` when it is relative and `modulesPath` is known).
fn disabled_of(ev: &mut Evaluator<'_>, ms: &ModuleSet, attrs: &Attrs) -> EvalResult<Vec<String>> {
    let Some(Value::List(list)) = attr(ev, attrs, "disabledModules")? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in list.iter() {
        match ev.force(item)? {
            Value::Path(p) => out.push(p.to_string()),
            Value::String(s) if !s.text.starts_with('/') => match ms.modules_path(ev) {
                Some(base) => out.push(file_of(ev, &format!("{base}/{}", s.text)).to_string()),
                None => out.push(s.text.to_string()),
            },
            Value::String(s) => out.push(s.text.to_string()),
            Value::Attrs(a) => {
                if let Some(Value::String(k)) = attr(ev, &a, "key")? {
                    out.push(k.text.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
