//! One module evaluation (a host, or one instance of a submodule): its modules, its
//! declarations, its definitions by path, and `config` / `options` as lazy values.
//!
//! `config` is a lazy tree: the keys at a path are the declared children and the defined
//! ones. A declared option's value is its definitions merged by its type; a path nobody
//! declares (most of NixOS, whose options qg does not have) is kept and readable, with a
//! value only where the workspace's own definitions settle it. Namespaces are *closed* (a
//! missing key is an error, as in NixOS) only where the workspace owns the options;
//! elsewhere they are open (a missing key is unknown).

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::{Rc, Weak};

use rustc_hash::FxHashMap;

use qg_eval::{
    Attr, Attrs, ErrorKind, EvalError, EvalResult, Evaluator, Shape, Span, Sym, Thunk, Unknown,
    Value,
};

use super::collect::{collect, Module, ModuleInput};
use super::context::{attr, make_attrs, HostCtx, MissingValue};
use super::declarations::{show_loc, DeclNode, DeclTree, OptionDecl};
use super::definitions::{
    push_down, resolve, Children, Def, Origin, ResolvedDefs, DEFAULT_PRIORITY,
};
use super::lazy::Lazy;
use super::types::{merged_declared_type, SubmoduleType, TypeInfo};

/// How a module evaluation is set up.
pub(crate) struct SetSpec {
    pub prefix: Vec<Sym>,
    pub is_root: bool,
    /// Every namespace of this evaluation is closed (a submodule the workspace declares).
    pub closed: bool,
    pub special_args: Value,
    /// The `name` argument of a submodule.
    pub name: Option<Value>,
    /// The `lib` and `pkgs` its modules get (a submodule's are its host's).
    pub lib: Value,
    pub pkgs: Value,
    /// The evaluation a submodule instance is made in (`None` for a top-level one).
    pub parent: Option<Weak<ModuleSet>>,
}

impl SetSpec {
    /// A top-level evaluation (a host, a standalone home configuration): no prefix, open
    /// namespaces, no `name`.
    pub(crate) fn root(special_args: Value, lib: Value, pkgs: Value) -> SetSpec {
        SetSpec {
            prefix: Vec::new(),
            is_root: true,
            closed: false,
            special_args,
            name: None,
            lib,
            pkgs,
            parent: None,
        }
    }
}

/// Definitions at one path, and (once asked) their children.
pub(crate) struct Node {
    pub defs: Vec<Def>,
    /// A definition above this path is unknown: it may define anything here.
    pub unknown: bool,
    children: Lazy<Children>,
}

/// A declared option of this evaluation.
pub(crate) struct OptionState {
    pub decl: Rc<OptionDecl>,
    pub path: Vec<Sym>,
    resolved: Lazy<ResolvedDefs>,
    pub value: Thunk,
}

#[derive(Default)]
struct Contents {
    modules: Vec<Rc<Module>>,
    decls: Rc<DeclTree>,
    fragments: Vec<Def>,
    freeform: bool,
}

pub(crate) struct ModuleSet {
    pub ctx: Rc<HostCtx>,
    pub prefix: Vec<Sym>,
    pub is_root: bool,
    closed: bool,
    me: Weak<ModuleSet>,
    pub config: Thunk,
    pub options_arg: Thunk,
    special_args: Value,
    name: Option<Value>,
    /// The `lib` and `pkgs` module arguments.
    pub lib: Value,
    pub pkgs: Value,
    contents: RefCell<Rc<Contents>>,
    nodes: RefCell<FxHashMap<Vec<Sym>, Rc<Node>>>,
    option_states: RefCell<FxHashMap<Vec<Sym>, Rc<OptionState>>>,
    /// Submodule instances made while merging this evaluation's options.
    pub instances: RefCell<Vec<Rc<ModuleSet>>>,
    /// Values whose forcing type-checks something (list elements, attribute values).
    pub pending: RefCell<Vec<Thunk>>,
    base_args: RefCell<Option<Rc<Attrs>>>,
    /// Modules and declarations are collected: `config` may be read.
    ready: Cell<bool>,
    /// The declarations of the modules that read `options` are being made.
    declaring: Cell<bool>,
    /// The modules are collected (their declarations may not be read yet).
    collected: Cell<bool>,
    pub walked: Cell<bool>,
    /// Whether the definitions of `_module` (of a submodule) define `freeformType`, once
    /// they are pushed down (`None` before, or when that failed).
    module_freeform: Cell<Option<bool>>,
    /// The evaluation this submodule instance is made in (`None` for a top-level one).
    parent: Option<Weak<ModuleSet>>,
    /// A module of this submodule instance could not be read (a top-level evaluation's
    /// are the host's: `HostCtx::incomplete`).
    unread: Cell<bool>,
    /// A module of this submodule instance comes from outside what qg reads (an input's).
    external: Cell<bool>,
}

impl ModuleSet {
    /// Collects the modules, their declarations and definitions.
    pub(crate) fn new(
        ev: &mut Evaluator<'_>,
        ctx: Rc<HostCtx>,
        spec: SetSpec,
        inputs: Vec<ModuleInput>,
    ) -> Rc<ModuleSet> {
        let span = ev.no_span();
        let ms = Rc::new_cyclic(|me: &Weak<ModuleSet>| {
            let config = {
                let me = me.clone();
                Thunk::deferred(span, move |ev| match me.upgrade() {
                    Some(ms) => ms.config_at(ev, &[]),
                    None => Ok(Value::unknown("config")),
                })
            };
            let options_arg = {
                let me = me.clone();
                Thunk::deferred(span, move |ev| match me.upgrade() {
                    Some(ms) => ms.options_at(ev, &[]),
                    None => Ok(Value::unknown("options")),
                })
            };
            ModuleSet {
                ctx,
                prefix: spec.prefix,
                is_root: spec.is_root,
                closed: spec.closed,
                me: me.clone(),
                config,
                options_arg,
                special_args: spec.special_args,
                name: spec.name,
                lib: spec.lib,
                pkgs: spec.pkgs,
                contents: RefCell::default(),
                nodes: RefCell::default(),
                option_states: RefCell::default(),
                instances: RefCell::default(),
                pending: RefCell::default(),
                base_args: RefCell::default(),
                ready: Cell::new(false),
                declaring: Cell::new(false),
                collected: Cell::new(false),
                walked: Cell::new(false),
                module_freeform: Cell::new(None),
                parent: spec.parent,
                unread: Cell::new(false),
                external: Cell::new(false),
            }
        });
        ms.ctx.keep(&ms.config);
        ms.ctx.keep(&ms.options_arg);
        let collected = collect(ev, &ms, inputs);
        ms.collected.set(true);
        let mut decls = DeclTree::default();
        for m in &collected.modules {
            if let Some(options) = &m.options {
                if let Err(e) = decls.add_module_options(ev, options, &m.origin) {
                    ms.mark_unread();
                    super::walk::report_error(ev, &ms.ctx, &e, m.origin.import_span);
                }
            }
        }
        let mut fragments: Vec<Def> = collected
            .modules
            .iter()
            .rev()
            .filter_map(|m| {
                let mut def = Def::root(m.config.clone()?, m.origin.clone());
                def.conds = m.conds.clone();
                Some(def)
            })
            .collect();
        if collected.has_unknown && !ms.is_root {
            let origin = Rc::new(Origin {
                file: "<unknown>".into(),
                workspace: false,
                import_span: None,
                renamed_from: None,
            });
            fragments.push(Def::root(
                Thunk::value(Value::unknown("an unknown module")),
                origin,
            ));
        }
        let freeform = collected.modules.iter().any(|m| m.freeform);
        let contents = |decls: DeclTree| Contents {
            modules: collected.modules.clone(),
            decls: Rc::new(decls),
            fragments: fragments.clone(),
            freeform,
        };
        let mut pending = std::mem::take(&mut decls.pending);
        if !pending.is_empty() {
            // The declarations that read `options` see the others, in rounds: one that reads
            // another still pending (a rename of a renamed option) waits for the next.
            ms.declaring.set(true);
            loop {
                decls.pending_paths = pending.iter().map(|p| p.path().to_vec()).collect();
                *ms.contents.borrow_mut() = Rc::new(contents(decls));
                let before = pending.len();
                let (mut more, errors) = DeclTree::walk_pending(ev, pending);
                for (e, origin) in errors {
                    ms.mark_unread();
                    super::walk::report_error(ev, &ms.ctx, &e, origin.import_span);
                }
                pending = std::mem::take(&mut more.pending);
                let installed = std::mem::take(&mut *ms.contents.borrow_mut());
                decls = match Rc::try_unwrap(installed) {
                    Ok(c) => Rc::try_unwrap(c.decls).unwrap_or_else(|shared| shared.copy()),
                    Err(shared) => shared.decls.copy(),
                };
                decls.add_tree(more);
                decls.pending_paths.clear();
                // What was computed with part of the declarations is computed again.
                ms.nodes.borrow_mut().clear();
                ms.option_states.borrow_mut().clear();
                if pending.is_empty() {
                    break;
                }
                if pending.len() >= before {
                    // They read one another: NixOS recurses for ever too.
                    ms.mark_unread();
                    break;
                }
            }
            ms.declaring.set(false);
        }
        if ms.is_root {
            *ms.ctx.workspace_tops.borrow_mut() = decls.workspace_tops.clone();
        }
        *ms.contents.borrow_mut() = Rc::new(contents(decls));
        ms.ready.set(true);
        ms
    }

    /// Reading `config` or `options` while the modules are still being collected is
    /// infinite recursion in NixOS too (`config` used in `imports` or in a module's shape).
    fn check_ready(&self) -> EvalResult<()> {
        if self.ready.get() || self.declaring.get() {
            return Ok(());
        }
        Err(EvalError::new(
            ErrorKind::InfiniteRecursion,
            "infinite recursion encountered (if you get an infinite recursion here, you probably reference `config` in `imports`)",
        ))
    }

    fn contents(&self) -> Rc<Contents> {
        self.contents.borrow().clone()
    }

    pub(crate) fn decls(&self) -> Rc<DeclTree> {
        self.contents().decls.clone()
    }

    pub(crate) fn modules(&self) -> Vec<Rc<Module>> {
        self.contents().modules.clone()
    }

    fn strong(&self) -> Rc<ModuleSet> {
        self.me.upgrade().expect("a module set is alive while used")
    }

    /// The full option path of a path of this evaluation.
    pub(crate) fn loc(&self, path: &[Sym]) -> Vec<Sym> {
        let mut loc = self.prefix.clone();
        loc.extend_from_slice(path);
        loc
    }

    /// Whether options at `path` belong to the workspace alone: only there is an unknown
    /// name an error, and an option without a value a mistake.
    pub(crate) fn region_closed(&self, path: &[Sym]) -> bool {
        if self.freeform() {
            return false;
        }
        if self.is_root {
            path.first().is_some_and(|top| self.ctx.owns_top(top)) || self.knows_every_module()
        } else {
            self.closed
        }
    }

    /// Whether the names defined at `path` are checked against the declared ones (QG101):
    /// where it is closed, and, on a host evaluated with NixOS's own modules, everywhere at
    /// its root (where a module qg cannot read may still declare a name, which the finding
    /// says).
    pub(crate) fn names_checked(&self, path: &[Sym]) -> bool {
        if self.closed(path) {
            return true;
        }
        self.is_root
            && self.ctx.nixos_modules.get()
            && !self.freeform()
            && matches!(self.decls().at(path), Some(DeclNode::Namespace(_)))
    }

    /// Whether the evaluation has a `freeformType`: a module attribute, or a definition of
    /// `_module.freeformType` (seen once the root's definitions are pushed down, which
    /// happens before anything asks). Then undeclared names are values, not mistakes.
    fn freeform(&self) -> bool {
        if self.contents().freeform {
            return true;
        }
        if self.is_root {
            return false;
        }
        let root = self.nodes.borrow().get(&[] as &[Sym]).cloned();
        match root.and_then(|n| n.children.peek()) {
            Some(children) => {
                (children.by_name.contains_key("_module")
                    && self.module_freeform.get() != Some(false))
                    || !children.unknown.is_empty()
            }
            None => true,
        }
    }

    /// Pushes the definitions of `_module` down once the root's children are known: a
    /// submodule whose modules set only `_module.args` (home-manager's do) is not freeform.
    fn settle_module_freeform(&self, ev: &mut Evaluator<'_>, root: &Children) {
        let Some(defs) = root.by_name.get("_module") else {
            return;
        };
        let mut below = Children::default();
        for def in defs {
            if push_down(ev, def, &mut below).is_err() {
                return;
            }
        }
        let freeform = below.by_name.contains_key("freeformType") || !below.unknown.is_empty();
        self.module_freeform.set(Some(freeform));
    }

    /// Whether `path` is a namespace whose missing names are errors.
    pub(crate) fn closed(&self, path: &[Sym]) -> bool {
        matches!(self.decls().at(path), Some(DeclNode::Namespace(_))) && self.region_closed(path)
    }

    // ---- definitions by path ----------------------------------------------------------

    /// The definitions at `path` (`None` when nothing may define it).
    pub(crate) fn node(
        &self,
        ev: &mut Evaluator<'_>,
        path: &[Sym],
    ) -> EvalResult<Option<Rc<Node>>> {
        if let Some(n) = self.nodes.borrow().get(path) {
            return Ok(Some(n.clone()));
        }
        let node = match path.split_last() {
            None => Node {
                defs: self.contents().fragments.clone(),
                unknown: false,
                children: Lazy::default(),
            },
            Some((last, parent)) => {
                let Some(parent) = self.node(ev, parent)? else {
                    return Ok(None);
                };
                let children = self.children(ev, &parent)?;
                let defs = children.by_name.get(last).cloned().unwrap_or_default();
                let unknown = parent.unknown || !children.unknown.is_empty();
                if defs.is_empty() && !unknown {
                    return Ok(None);
                }
                Node {
                    defs,
                    unknown,
                    children: Lazy::default(),
                }
            }
        };
        let node = Rc::new(node);
        self.nodes.borrow_mut().insert(path.to_vec(), node.clone());
        Ok(Some(node))
    }

    /// The definitions of a node pushed down one level.
    pub(crate) fn children(&self, ev: &mut Evaluator<'_>, node: &Node) -> EvalResult<Rc<Children>> {
        let is_root_node = !self.is_root
            && node.children.peek().is_none()
            && self
                .nodes
                .borrow()
                .get(&[] as &[Sym])
                .is_some_and(|n| std::ptr::eq(&**n, node));
        let children = node.children.get_or_try(|| {
            let mut children = Children::default();
            for def in &node.defs {
                push_down(ev, def, &mut children)?;
            }
            Ok(children)
        })?;
        if is_root_node {
            self.settle_module_freeform(ev, &children);
        }
        Ok(children)
    }

    /// The definitions at `path`, without their children.
    pub(crate) fn defs_at(&self, ev: &mut Evaluator<'_>, path: &[Sym]) -> EvalResult<Vec<Def>> {
        Ok(self
            .node(ev, path)?
            .map(|n| n.defs.clone())
            .unwrap_or_default())
    }

    // ---- options ----------------------------------------------------------------------

    pub(crate) fn option_state(&self, path: &[Sym]) -> Option<Rc<OptionState>> {
        if let Some(s) = self.option_states.borrow().get(path) {
            return Some(s.clone());
        }
        let decl = self.decls().option(path)?.clone();
        let me = self.me.clone();
        let owned_path = path.to_vec();
        let span = decl.first_span().unwrap_or(Span::synthetic());
        let value = self.ctx.deferred(span, move |ev| match me.upgrade() {
            Some(ms) => ms.option_value(ev, &owned_path),
            None => Ok(Value::unknown("option")),
        });
        let state = Rc::new(OptionState {
            decl,
            path: path.to_vec(),
            resolved: Lazy::default(),
            value,
        });
        self.option_states
            .borrow_mut()
            .insert(path.to_vec(), state.clone());
        Some(state)
    }

    /// The option's type, merged over its declarations (`unspecified` without one).
    pub(crate) fn option_type(
        &self,
        ev: &mut Evaluator<'_>,
        decl: &OptionDecl,
    ) -> EvalResult<Rc<TypeInfo>> {
        decl.type_info.get_or_try(|| {
            let mut types = Vec::new();
            for site in &decl.sites {
                if let Some(t) = attr(ev, &site.attrs, "type")? {
                    // Each declaration's submodules are its file's, as NixOS's
                    // `fixupOptionType` says (before the types of several merge).
                    let t = if self.ctx.nixos_modules.get() {
                        super::types::located(ev, t, &site.origin.file)?
                    } else {
                        t
                    };
                    types.push(t);
                }
            }
            let ty = if types.is_empty() {
                ev.select(&self.lib, &["types", "unspecified"])?
            } else {
                merged_declared_type(ev, &types)?
            };
            TypeInfo::interpret(ev, &ty)
        })
    }

    /// The option's definitions (with its default), resolved.
    pub(crate) fn resolved(
        &self,
        ev: &mut Evaluator<'_>,
        state: &OptionState,
    ) -> EvalResult<Rc<ResolvedDefs>> {
        state.resolved.get_or_try(|| {
            let mut defs = self.defs_at(ev, &state.path)?;
            if let Some(default) = default_def(&state.decl) {
                defs.push(default);
            }
            resolve(ev, &defs)
        })
    }

    fn option_value(&self, ev: &mut Evaluator<'_>, path: &[Sym]) -> EvalResult<Value> {
        let state = self
            .option_state(path)
            .expect("an option state exists for its value");
        // The old option of a rename (`mkRenamedOptionModule`, `mkAliasOptionModule`): its
        // value is its `apply` of the new option, its own definitions are never merged
        // (they move to the new option and are checked there), as in nixpkgs, whose type
        // for it is `submodule { }` when the new option lies inside a submodule's value.
        if state
            .decl
            .sites
            .iter()
            .all(|s| s.origin.renamed_from.as_deref() == Some(path))
        {
            if let Some(site) = state.decl.site_with("apply") {
                if let Some(apply) = attr(ev, &site.attrs, "apply")? {
                    let unmerged =
                        Thunk::value(Value::unknown("the definitions of a renamed option"));
                    let span = state.decl.first_span().unwrap_or_else(|| ev.no_span());
                    return ev.force(&Thunk::apply(apply, vec![unmerged], span));
                }
            }
        }
        let ty = self.option_type(ev, &state.decl)?;
        let resolved = self.resolved(ev, &state)?;
        let node_unknown = self.node(ev, path)?.is_some_and(|n| n.unknown);
        let loc = self.loc(path);
        if !resolved.dormant.is_empty() {
            let cx = super::merge::MergeCx {
                ms: self.strong(),
                decl: state.decl.clone(),
                opt_path: path.to_vec(),
            };
            super::merge::check_dormant(ev, &cx, &ty, &loc, &resolved)?;
        }
        // A submodule of nixpkgs' lib without definitions is its modules' configuration
        // (its `emptyValue`, which that lib computes with its own module system).
        let empty_submodule =
            !ty.qg_lib && matches!(ty.kind, super::types::Kind::Submodule(_)) && !node_unknown;
        let merged = if resolved.defs.is_empty() && !empty_submodule {
            if node_unknown {
                return Ok(Value::unknown("definitions qg cannot see"));
            }
            match ty.empty_value(ev)? {
                Some(v) => v,
                None => return self.no_value(&state, &loc),
            }
        } else {
            let cx = super::merge::MergeCx {
                ms: self.strong(),
                decl: state.decl.clone(),
                opt_path: path.to_vec(),
            };
            let merged = super::merge::merge(ev, &cx, &ty, &loc, &resolved, None)?;
            if node_unknown && !matches!(ty.kind, super::types::Kind::Submodule(_)) {
                return Ok(Value::unknown("definitions qg cannot see"));
            }
            merged
        };
        self.apply(ev, &state.decl, merged)
    }

    /// An option read without any value: an error where the workspace owns the option,
    /// else unknown (another module may define it).
    fn no_value(&self, state: &OptionState, loc: &[Sym]) -> EvalResult<Value> {
        let reportable = self.region_closed(&state.path)
            && !self.modules_unknown()
            && state.decl.declared_by_workspace();
        if !reportable {
            return Ok(Value::unknown("an option without a definition qg can see"));
        }
        let shown = show_loc(loc);
        let message = format!(
            "The option `{shown}' was accessed but has no value defined. Try setting the option."
        );
        self.ctx.missing.borrow_mut().insert(
            message.clone(),
            MissingValue {
                loc: shown,
                declared: state.decl.first_span(),
                reported: Cell::new(false),
            },
        );
        Err(EvalError::new(ErrorKind::Throw, message))
    }

    fn apply(&self, ev: &mut Evaluator<'_>, decl: &OptionDecl, merged: Value) -> EvalResult<Value> {
        let Some(site) = decl.site_with("apply") else {
            return Ok(merged);
        };
        let Some(apply) = attr(ev, &site.attrs, "apply")? else {
            return Ok(merged);
        };
        if matches!(apply, Value::Null) {
            return Ok(merged);
        }
        if merged.is_unknown() {
            return Ok(Value::unknown("an applied option of unknown value"));
        }
        let span = decl.first_span().unwrap_or_else(|| ev.no_span());
        ev.force(&Thunk::apply(apply, vec![Thunk::value(merged)], span))
    }

    // ---- config -----------------------------------------------------------------------

    /// The value of `config` at `path`.
    pub(crate) fn config_at(&self, ev: &mut Evaluator<'_>, path: &[Sym]) -> EvalResult<Value> {
        self.check_ready()?;
        let decls = self.decls();
        if let Some(state) = self.option_state(path) {
            return ev.force(&state.value);
        }
        let declared_ns = matches!(decls.at(path), Some(DeclNode::Namespace(_)));
        let node = self.node(ev, path)?;
        let children = match &node {
            Some(n) => Some(self.children(ev, n)?),
            None => None,
        };
        if !declared_ns && !self.defines_a_set(node.as_deref(), children.as_deref()) {
            // A path nobody here declares, where the flake defines no attribute and no
            // value it can see: nixpkgs or an input declares it, and its value (a package,
            // a Boolean computed from other unknowns, a default) is unknown, whatever its
            // type; an empty open set would be a set.
            return Ok(Value::unknown("an option qg does not know"));
        }
        if !declared_ns {
            if let Some(c) = &children {
                if !c.leaves.is_empty() {
                    if !c.by_name.is_empty() {
                        return Ok(Value::unknown("a value and attributes at one path"));
                    }
                    let node = node.as_ref().expect("children come from a node");
                    return self.undeclared_leaf(ev, node);
                }
            }
        }
        let mut names: BTreeSet<Sym> = decls.child_names(path).into_iter().collect();
        if let Some(c) = &children {
            names.extend(c.by_name.keys().cloned());
        }
        let entries: Vec<Attr> = names
            .into_iter()
            .map(|name| {
                let mut child = path.to_vec();
                child.push(name.clone());
                let defs = children.as_ref().and_then(|c| c.by_name.get(&name));
                let key_span = defs.and_then(|defs| defs.iter().find_map(|d| d.key_span));
                let written_at = defs.and_then(|defs| {
                    defs.iter()
                        .filter(|d| d.origin.workspace)
                        .find_map(|d| d.span)
                });
                Attr {
                    value: self.config_thunk_written_at(child, written_at),
                    name,
                    key_span,
                }
            })
            .collect();
        let mut attrs = Attrs::from_sorted(entries);
        let unknown = node.as_ref().is_some_and(|n| n.unknown)
            || children.as_ref().is_some_and(|c| !c.unknown.is_empty());
        if !(declared_ns && self.region_closed(path)) || unknown {
            attrs.open = Some("an option qg does not know".into());
        }
        Ok(Value::attrs(attrs))
    }

    /// Whether the flake's definitions at a path nobody declares make it a set: they
    /// define attributes or a value, or every one of them is a known (empty) set.
    fn defines_a_set(&self, node: Option<&Node>, children: Option<&Children>) -> bool {
        let (Some(node), Some(children)) = (node, children) else {
            return false;
        };
        if !children.by_name.is_empty() || !children.leaves.is_empty() {
            return true;
        }
        !node.defs.is_empty() && !node.unknown && children.unknown.is_empty()
    }

    /// The value of `config` at `path`, whose provenance is `written_at` (where the flake
    /// defines it) when known: an option's own value is made at its declaration, but what
    /// a finding about the value points at is the text the user wrote.
    fn config_thunk_written_at(&self, path: Vec<Sym>, written_at: Option<Span>) -> Thunk {
        let value = self.config_thunk(path);
        match written_at {
            Some(span) if value.span() != Some(span) => {
                let inner = value.clone();
                self.ctx.deferred(span, move |ev| ev.force(&inner))
            }
            _ => value,
        }
    }

    fn config_thunk(&self, path: Vec<Sym>) -> Thunk {
        if let Some(state) = self.option_state(&path) {
            return state.value.clone();
        }
        let me = self.me.clone();
        let span = Span::synthetic();
        self.ctx.deferred(span, move |ev| match me.upgrade() {
            Some(ms) => ms.config_at(ev, &path),
            None => Ok(Value::unknown("config")),
        })
    }

    /// A path nobody declares, holding values: the workspace's definitions where they
    /// settle it, else unknown (nixpkgs or an input may define it too).
    fn undeclared_leaf(&self, ev: &mut Evaluator<'_>, node: &Node) -> EvalResult<Value> {
        let resolved = resolve(ev, &node.defs)?;
        if node.unknown || resolved.any_maybe() || resolved.defs.is_empty() {
            return Ok(Value::unknown("an option qg does not know"));
        }
        if resolved.highest_priority.is_some_and(|p| p >= 1000) {
            return Ok(Value::unknown("a default that another module may replace"));
        }
        if resolved
            .defs
            .iter()
            .any(|d| matches!(d.value, Value::List(_)))
        {
            return Ok(Unknown::value(
                "a list other modules may add to",
                Shape::List,
            ));
        }
        let first = resolved.defs[0].value.clone();
        let first_value = Thunk::value(first.clone());
        for other in &resolved.defs[1..] {
            let same = self
                .ctx
                .equal(ev, &first_value, &Thunk::value(other.value.clone()))?;
            if same != Some(true) {
                return Ok(Value::unknown("definitions qg cannot merge"));
            }
        }
        Ok(first)
    }

    // ---- options (the module argument) ------------------------------------------------

    pub(crate) fn options_at(&self, ev: &mut Evaluator<'_>, path: &[Sym]) -> EvalResult<Value> {
        self.check_ready()?;
        let decls = self.decls();
        if self.declaring.get() && decls.pending_paths.contains(path) {
            // Declared later: read again then (see `ModuleSet::new`).
            return Err(EvalError::new(
                ErrorKind::InfiniteRecursion,
                "infinite recursion encountered (an option read while it is declared)",
            ));
        }
        match decls.at(path) {
            Some(DeclNode::Option(_)) => self.option_attrs(ev, path),
            Some(DeclNode::Namespace(children)) => {
                let entries = children
                    .keys()
                    .map(|name| {
                        let mut child = path.to_vec();
                        child.push(name.clone());
                        let me = self.me.clone();
                        let span = ev.no_span();
                        Attr {
                            name: name.clone(),
                            value: self.ctx.deferred(span, move |ev| match me.upgrade() {
                                Some(ms) => ms.options_at(ev, &child),
                                None => Ok(Value::unknown("options")),
                            }),
                            key_span: None,
                        }
                    })
                    .collect();
                let mut attrs = Attrs::from_sorted(entries);
                if !self.region_closed(path) {
                    attrs.open = Some("an option declared outside the flake".into());
                }
                Ok(Value::attrs(attrs))
            }
            None => Ok(Value::unknown("an option declared outside the flake")),
        }
    }

    /// An option as modules see it through `options`: its declaration plus `value`,
    /// `isDefined`, `definitions`, `files`, `highestPrio`, `loc`, `declarations`.
    fn option_attrs(&self, ev: &mut Evaluator<'_>, path: &[Sym]) -> EvalResult<Value> {
        let state = self.option_state(path).expect("declared");
        let span = ev.no_span();
        let first = &state.decl.sites[0];
        let loc: Vec<Thunk> = self
            .loc(path)
            .into_iter()
            .map(|n| Thunk::value(Value::string(n)))
            .collect();
        let files: Vec<Thunk> = state
            .decl
            .sites
            .iter()
            .map(|s| Thunk::value(Value::string(s.origin.file.clone())))
            .collect();
        let resolved_part = |f: fn(&ResolvedDefs) -> Value| {
            let me = self.me.clone();
            let path = path.to_vec();
            self.ctx.deferred(span, move |ev| {
                let Some(ms) = me.upgrade() else {
                    return Ok(Value::unknown("options"));
                };
                let state = ms.option_state(&path).expect("declared");
                let resolved = ms.resolved(ev, &state)?;
                Ok(f(&resolved))
            })
        };
        let me = self.me.clone();
        let type_path = path.to_vec();
        let type_thunk = self.ctx.deferred(span, move |ev| {
            let Some(ms) = me.upgrade() else {
                return Ok(Value::unknown("options"));
            };
            let state = ms.option_state(&type_path).expect("declared");
            Ok(ms.option_type(ev, &state.decl)?.value.clone())
        });
        let extra = make_attrs(vec![
            ("_type", Thunk::value(Value::string("option"))),
            // As NixOS's: `"${opt.foo}"` is the option's path (in `defaultText`s).
            (
                "__toString",
                Thunk::value(to_string_primop(show_loc(&self.loc(path)))),
            ),
            ("loc", Thunk::value(Value::list(loc))),
            ("declarations", Thunk::value(Value::list(files))),
            ("value", state.value.clone()),
            ("type", type_thunk),
            (
                "isDefined",
                resolved_part(|r| Value::Bool(!r.defs.is_empty())),
            ),
            (
                "definitions",
                resolved_part(|r| {
                    Value::list(
                        r.defs
                            .iter()
                            .map(|d| Thunk::value(d.value.clone()))
                            .collect(),
                    )
                }),
            ),
            (
                "files",
                resolved_part(|r| {
                    Value::list(
                        r.defs
                            .iter()
                            .map(|d| Thunk::value(Value::string(d.def.file.clone())))
                            .collect(),
                    )
                }),
            ),
            ("highestPrio", self.highest_prio_thunk(path)),
        ]);
        Ok(Value::attrs(first.attrs.update(&extra)))
    }

    /// `options.<path>.highestPrio`: the strongest priority of the definitions, the
    /// default (1500) counted without evaluating it, as NixOS does.
    fn highest_prio_thunk(&self, path: &[Sym]) -> Thunk {
        let me = self.me.clone();
        let path = path.to_vec();
        self.ctx.deferred(Span::synthetic(), move |ev| {
            let Some(ms) = me.upgrade() else {
                return Ok(Value::unknown("options"));
            };
            let state = ms.option_state(&path).expect("declared");
            let defs = ms.defs_at(ev, &path)?;
            let defined = resolve(ev, &defs)?.highest_priority;
            let default = default_def(&state.decl).map(|_| DEFAULT_PRIORITY);
            let highest = match (defined, default) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b).unwrap_or(9999),
            };
            Ok(Value::Int(highest))
        })
    }

    // ---- what the evaluation reads -----------------------------------------------------

    /// A module of this evaluation could not be read: its options are not all known. A
    /// submodule instance's unread module declares nothing outside that instance (a
    /// home-manager user's, a `home.file` entry's), so only the instance, and the
    /// instances made in it, are incomplete; a top-level one's is the host's.
    pub(crate) fn mark_unread(&self) {
        if self.parent.is_some() {
            self.unread.set(true);
        } else {
            self.ctx.incomplete.set(true);
        }
    }

    /// A module of this evaluation comes from outside what qg reads (an input's).
    pub(crate) fn mark_external(&self) {
        self.external.set(true);
    }

    /// Whether `flag` holds for this evaluation or one it is made in (an unread module
    /// there may declare options of this instance's type). Asked on every merge of a set:
    /// it walks the parents without collecting them.
    fn in_lineage(&self, flag: impl Fn(&ModuleSet) -> bool) -> bool {
        if flag(self) {
            return true;
        }
        let mut next = self.parent.as_ref().and_then(Weak::upgrade);
        while let Some(ms) = next {
            if flag(&ms) {
                return true;
            }
            next = ms.parent.as_ref().and_then(Weak::upgrade);
        }
        false
    }

    /// Whether a module this evaluation depends on could not be read: the host's, this
    /// instance's, or one of the instances it is made in.
    pub(crate) fn modules_unknown(&self) -> bool {
        self.ctx.incomplete.get() || self.in_lineage(|ms| ms.unread.get())
    }

    /// Whether every module of this evaluation is read: NixOS's own (a nixpkgs tree's),
    /// none unknown and none external, in it and in the evaluations it is made in. Then a
    /// name nobody declares is unknown to NixOS too.
    pub(crate) fn knows_every_module(&self) -> bool {
        self.ctx.nixos_modules.get()
            && !self.modules_unknown()
            && !self.in_lineage(|ms| ms.external.get())
    }

    // ---- module arguments -------------------------------------------------------------

    fn base_args(&self) -> Rc<Attrs> {
        if let Some(a) = self.base_args.borrow().as_ref() {
            return a.clone();
        }
        let prefix: Vec<Thunk> = self
            .prefix
            .iter()
            .map(|n| Thunk::value(Value::string(n.clone())))
            .collect();
        let mut entries = vec![
            ("config", self.config.clone()),
            ("options", self.options_arg.clone()),
            ("lib", Thunk::value(self.lib.clone())),
            ("specialArgs", Thunk::value(self.special_args.clone())),
            ("_prefix", Thunk::value(Value::list(prefix))),
            (
                "_class",
                Thunk::value(if self.is_root {
                    Value::string("nixos")
                } else {
                    Value::Null
                }),
            ),
        ];
        if let Some(name) = &self.name {
            entries.push(("name", Thunk::value(name.clone())));
        }
        let mut base = make_attrs(entries);
        if let Value::Attrs(special) = &self.special_args {
            base = base.update(special);
        }
        if self.special_args.is_unknown() {
            base.open = Some("specialArgs".into());
        }
        let base = Rc::new(base);
        *self.base_args.borrow_mut() = Some(base.clone());
        base
    }

    /// The argument set a function module is called with: the base arguments, and for any
    /// other formal `_module.args.<name>` (`pkgs` is qg's unknown `pkgs`); an argument qg
    /// cannot supply is unknown.
    pub(crate) fn module_args(&self, ev: &mut Evaluator<'_>, f: &Value) -> EvalResult<Value> {
        let base = self.base_args();
        let function_args = ev.select(&self.lib, &["functionArgs"])?;
        let span = ev.no_span();
        let formals = match ev.force(&Thunk::apply(
            function_args,
            vec![Thunk::value(f.clone())],
            span,
        )) {
            Ok(Value::Attrs(a)) => a.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let mut extra = Vec::new();
        for name in formals {
            if base.contains(&name) {
                continue;
            }
            let value = if &*name == "pkgs" {
                Thunk::value(self.pkgs.clone())
            } else {
                self.module_arg_thunk(name.clone())
            };
            extra.push(Attr {
                name,
                value,
                key_span: None,
            });
        }
        if extra.is_empty() {
            return Ok(Value::Attrs(base));
        }
        let extra = Attrs::from_unsorted(extra);
        Ok(Value::attrs(base.update(&extra)))
    }

    fn module_arg_thunk(&self, name: Sym) -> Thunk {
        let config = self.config.clone();
        let me = self.me.clone();
        let span = Span::synthetic();
        self.ctx.deferred(span, move |ev| {
            let config = ev.force(&config);
            match config.and_then(|c| ev.select(&c, &["_module", "args", &name])) {
                Ok(v) => Ok(v),
                // Read once the modules are collected but before their declarations are
                // (a declaration under `with utils;`): read again once they are, so it is
                // not unknown for ever. (Read while the modules are collected, in `imports`,
                // it is unknown: where it comes from, qg may not know.)
                Err(e)
                    if e.kind == ErrorKind::InfiniteRecursion
                        && me.upgrade().is_some_and(|ms| ms.collected.get()) =>
                {
                    Err(e)
                }
                Err(_) => Ok(Value::unknown(format!("module argument {name}"))),
            }
        })
    }

    // ---- submodules -------------------------------------------------------------------

    /// A new evaluation of a submodule: the type's modules plus the definitions.
    pub(crate) fn new_instance(
        &self,
        ev: &mut Evaluator<'_>,
        st: &SubmoduleType,
        decl: &OptionDecl,
        opt_path: &[Sym],
        loc: &[Sym],
        defs: &ResolvedDefs,
    ) -> Rc<ModuleSet> {
        let site = &decl.sites[0];
        let mut inputs = Vec::new();
        if self.ctx.nixos_modules.get() {
            // As every evaluation of nixpkgs' lib: the built-in `_module.*` options.
            inputs.push(self.ctx.builtin_module());
        }
        if let Value::List(modules) = &st.modules {
            for (i, m) in modules.iter().enumerate() {
                inputs.push(ModuleInput {
                    value: m.clone(),
                    file: site.origin.file.clone(),
                    key: format!("type-module-{i}"),
                    import_span: site.key_span,
                    workspace: site.origin.workspace,
                    conds: Default::default(),
                    shorthand_config: false,
                });
            }
        }
        // Options declared below a submodule option join its submodule
        // (`system.build.toplevel` below `system.build`).
        let direct = self
            .option_type(ev, decl)
            .is_ok_and(|t| matches!(t.kind, super::types::Kind::Submodule(_)));
        if direct {
            for (i, (_, rest, site)) in self
                .decls()
                .below
                .iter()
                .filter(|(at, _, _)| at == opt_path)
                .enumerate()
            {
                let mut options = Value::Attrs(site.attrs.clone());
                for name in rest.iter().rev() {
                    options = Value::attrs(make_attrs(vec![(&**name, Thunk::value(options))]));
                }
                let module = make_attrs(vec![("options", Thunk::value(options))]);
                inputs.push(ModuleInput {
                    value: Thunk::value(Value::attrs(module)),
                    file: site.origin.file.clone(),
                    key: format!("below-{i}"),
                    import_span: site.key_span,
                    workspace: site.origin.workspace,
                    conds: Default::default(),
                    shorthand_config: false,
                });
            }
        }
        for (i, d) in defs.defs.iter().enumerate() {
            let is_set = matches!(&d.value, Value::Attrs(a) if !a.contains("__functor"));
            inputs.push(ModuleInput {
                value: Thunk::value(d.value.clone()),
                file: d.def.file.clone(),
                key: format!("definition-{i}"),
                import_span: d.def.span.or(d.def.key_span),
                workspace: d.def.origin.workspace,
                conds: d.def.conds.clone(),
                shorthand_config: st.shorthand_config && is_set,
            });
        }
        let name = loc
            .last()
            .map(|n| Value::string(n.clone()))
            .unwrap_or(Value::Null);
        let spec = SetSpec {
            prefix: loc.to_vec(),
            is_root: false,
            closed: self.region_closed(opt_path)
                && (decl.declared_by_workspace() || self.ctx.nixos_modules.get())
                && !st.freeform,
            special_args: st.special_args.clone(),
            name: Some(name),
            lib: self.lib.clone(),
            pkgs: self.pkgs.clone(),
            parent: Some(self.me.clone()),
        };
        let instance = ModuleSet::new(ev, self.ctx.clone(), spec, inputs);
        self.instances.borrow_mut().push(instance.clone());
        instance
    }

    /// `modulesPath` of the special arguments, when it is a known string.
    pub(crate) fn modules_path(&self, ev: &mut Evaluator<'_>) -> Option<String> {
        let Value::Attrs(special) = &self.special_args else {
            return None;
        };
        match attr(ev, special, "modulesPath") {
            Ok(Some(Value::String(s))) => Some(s.text.to_string()),
            Ok(Some(Value::Path(p))) => Some(p.to_string()),
            _ => None,
        }
    }

    /// Forgets everything computed (breaks reference cycles when the evaluation ends).
    pub(crate) fn clear(&self) {
        for i in self.instances.borrow_mut().drain(..) {
            i.clear();
        }
        self.nodes.borrow_mut().clear();
        self.option_states.borrow_mut().clear();
        self.pending.borrow_mut().clear();
        *self.base_args.borrow_mut() = None;
        *self.contents.borrow_mut() = Rc::default();
    }
}

/// `__toString` of an option: its path.
fn to_string_primop(shown: String) -> Value {
    qg_eval::PrimOp::native("__toString", 1, move |_, _, _| {
        Ok(Value::string(shown.as_str()))
    })
}

/// An option's `default` as a definition at priority 1500 (mkOptionDefault).
pub(crate) fn default_def(decl: &OptionDecl) -> Option<Def> {
    let site = decl.site_with("default")?;
    let default = site.attrs.get_attr("default")?;
    let mut def = Def::root(default.value.clone(), site.origin.clone());
    def.priority = Some(DEFAULT_PRIORITY);
    def.key_span = default.key_span;
    def.span = default.value.span().or(default.key_span);
    def.is_default = true;
    Some(def)
}
