//! The checks driver: walks a host's `config` the way a NixOS build forces it.
//!
//! - Paths nobody declares (NixOS's options, which qg does not have) are walked down to
//!   their values, and the winning definitions are forced completely: nixpkgs would read
//!   them to build the system. Errors there are reported (a missing value when an option
//!   without a value was read, an evaluation error otherwise).
//! - Declared options are merged (which type-checks them) and their lazy parts forced, but
//!   errors there stay silent: NixOS only fails on them when something reads them, and
//!   that reading is found through the first point.
//! - In closed namespaces (the workspace's own), a defined name that is not declared is an
//!   unknown option.
//! - `assertions` and `warnings` are evaluated: failed assertions and warnings.
//!
//! Submodule instances made along the way are walked the same way.

use std::collections::HashSet;
use std::rc::Rc;

use qg_eval::{ErrorKind, EvalError, EvalResult, Evaluator, Span, StrPart, Sym, Thunk, Value};
use qg_syntax::{suggest, Cutoff};

use super::config::ModuleSet;
use super::context::{attr, Finding, HostCtx};
use super::declarations::{show_loc, DeclNode};
use super::definitions::{resolve, Activity};
use super::finding::{FindingKind, RelatedRole};
use super::merge::{def_spans, inner_def};

/// The top-level name of home-manager's NixOS module: its values are home-manager
/// modules, walked apart ([`walk_home_manager`]).
pub(crate) const HOME_MANAGER: &str = "home-manager";

/// Walks the host's evaluation (but `home-manager`) and its submodule instances, then its
/// assertions.
pub(crate) fn walk_host(ev: &mut Evaluator<'_>, root: &Rc<ModuleSet>) {
    walk_set(ev, root);
    assertions_and_warnings(ev, root);
}

/// Walks the host's `home-manager` definitions (`users.<name>`, `sharedModules`): what
/// the host's build forces of them. Done after [`walk_host`], so that the files read only
/// here are known to be reached only as home-manager modules.
pub(crate) fn walk_home_manager(ev: &mut Evaluator<'_>, root: &Rc<ModuleSet>) {
    let Ok(Value::Attrs(config)) = ev.force(&root.config) else {
        return;
    };
    let Some(home_manager) = config.get(HOME_MANAGER).cloned() else {
        return;
    };
    let mut path = vec![Sym::from(HOME_MANAGER)];
    walk_node(ev, root, &mut path, &home_manager);
    walk_pending(ev, root);
}

fn walk_set(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>) {
    if ms.walked.replace(true) {
        return;
    }
    let mut path = Vec::new();
    walk_node(ev, ms, &mut path, &ms.config.clone());
    walk_pending(ev, ms);
}

/// Forces the values left to type-check and walks the submodule instances made so far.
fn walk_pending(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>) {
    loop {
        let pending: Vec<Thunk> = std::mem::take(&mut *ms.pending.borrow_mut());
        let next = ms
            .instances
            .borrow()
            .iter()
            .find(|i| !i.walked.get())
            .cloned();
        if pending.is_empty() && next.is_none() {
            break;
        }
        for t in pending {
            let _ = ev.force(&t);
        }
        if let Some(instance) = next {
            walk_set(ev, &instance);
        }
    }
}

fn walk_node(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>, path: &mut Vec<Sym>, thunk: &Thunk) {
    let decls = ms.decls();
    if let Some(DeclNode::Option(_)) = decls.at(path) {
        let _ = ev.force(thunk);
        return;
    }
    let value = match ev.force(thunk) {
        Ok(v) => v,
        Err(e) => {
            if !maybe_unread(ms, path) {
                report_error(ev, &ms.ctx, &e, None);
            }
            return;
        }
    };
    let Value::Attrs(attrs) = value else {
        force_leaf_definitions(ev, ms, path);
        return;
    };
    let closed = ms.names_checked(path);
    let declared = decls.child_names(path);
    if !closed && declared.is_empty() && defines_outside_value(ev, ms, path) {
        return;
    }
    for entry in attrs.iter() {
        if ms.is_root && path.is_empty() && &*entry.name == HOME_MANAGER {
            continue;
        }
        // A submodule's `_module` is the module system's own, as the root's (base.nix):
        // `_module.args` is `lazyAttrsOf raw` in every evaluation, its values are arguments
        // (disko's submodules pass its whole lib there), never configuration to walk.
        if !ms.is_root && path.is_empty() && &*entry.name == "_module" {
            continue;
        }
        path.push(entry.name.clone());
        if closed && declared.binary_search(&entry.name).is_err() {
            report_unknown_option(ev, ms, path, &declared);
        } else {
            walk_node(ev, ms, path, &entry.value);
        }
        path.pop();
    }
}

/// Whether a definition at a path nobody declares is a partly unknown set (a flake input,
/// `self`, `lib`, another option's value): its known parts are not configuration, and
/// walking them could go round for ever (`extraSpecialArgs = { inherit self; }` reaches
/// this very host again through `self.nixosConfigurations`).
fn defines_outside_value(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>, path: &[Sym]) -> bool {
    let Ok(defs) = ms.defs_at(ev, path) else {
        return false;
    };
    defs.iter()
        .any(|d| matches!(ev.force(&d.value), Ok(Value::Attrs(a)) if a.open.is_some()))
}

/// Forces the winning definitions of a path nobody declares, as nixpkgs would.
fn force_leaf_definitions(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>, path: &[Sym]) {
    let result = (|| -> EvalResult<()> {
        let defs = ms.defs_at(ev, path)?;
        let resolved = resolve(ev, &defs)?;
        let mut seen = HashSet::new();
        for d in resolved
            .defs
            .iter()
            .filter(|d| d.activity == Activity::Active)
        {
            force_deep(ev, &d.value, &mut seen, 0)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        if !maybe_unread(ms, path) {
            report_error(ev, &ms.ctx, &e, None);
        }
    }
}

/// Whether a path nobody declares may be an option that nothing reads: on a host with
/// modules qg cannot see, a path outside NixOS's and the inputs' namespaces may be declared
/// by one of them, and Nix forces an option's value only when something reads it. An
/// error there is then not certain.
fn maybe_unread(ms: &ModuleSet, path: &[Sym]) -> bool {
    ms.modules_unknown()
        && path
            .first()
            .is_some_and(|top| !ms.ctx.foreign_tops.contains(&**top))
}

/// Nesting beyond which a value is not forced further (machine-made data, not config).
const MAX_FORCE_DEPTH: usize = 256;

/// Forces a value completely, as serialising it would, except open sets: those are partly
/// unknown (a flake input, `lib`, `pkgs`, a set with an unknown key), and their known parts
/// are qg's own models, not configuration.
fn force_deep(
    ev: &mut Evaluator<'_>,
    value: &Value,
    seen: &mut HashSet<usize>,
    depth: usize,
) -> EvalResult<()> {
    if depth > MAX_FORCE_DEPTH {
        return Ok(());
    }
    // The containers are immutable and outlive the loop: no need to copy their members.
    match value {
        Value::Attrs(a) if a.open.is_none() => {
            if !seen.insert(Rc::as_ptr(a) as *const u8 as usize) {
                return Ok(());
            }
            if let Some(content) = conditional_content(ev, a)? {
                return match content {
                    Some(c) => force_member(ev, &c, seen, depth),
                    None => Ok(()),
                };
            }
            for attr in a.iter() {
                force_member(ev, &attr.value, seen, depth)?;
            }
        }
        Value::List(l) => {
            if !seen.insert(Rc::as_ptr(&l.0) as *const u8 as usize) {
                return Ok(());
            }
            for item in l.iter() {
                force_member(ev, item, seen, depth)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// For an `mkIf` met inside a value (a list element, an attribute of a setting), what
/// the types of nixpkgs' options would merge: its content when the condition is true,
/// nothing when it is false or unknown (Nix never evaluates that content; an unknown
/// condition may be false). `None` for any other value.
fn conditional_content(
    ev: &mut Evaluator<'_>,
    attrs: &qg_eval::Attrs,
) -> EvalResult<Option<Option<Thunk>>> {
    if super::context::type_tag(ev, attrs)?.as_deref() != Some("if") {
        return Ok(None);
    }
    let (Some(cond), Some(content)) = (attrs.get("condition"), attrs.get("content")) else {
        return Ok(None);
    };
    Ok(Some(match ev.force(cond) {
        Ok(Value::Bool(true)) => Some(content.clone()),
        _ => None,
    }))
}

/// Forces one member of a container at `depth` and everything inside it.
fn force_member(
    ev: &mut Evaluator<'_>,
    item: &Thunk,
    seen: &mut HashSet<usize>,
    depth: usize,
) -> EvalResult<()> {
    let v = ev.force(item).map_err(|mut e| {
        if e.span.is_none() {
            e.span = item.span();
        }
        e
    })?;
    stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || {
        force_deep(ev, &v, seen, depth + 1)
    })
}

/// An unknown option for every workspace definition of an undeclared name in a closed
/// namespace. On a host with a module qg cannot read (which may declare any option), only
/// a name close to a declared one: the rules decide what that is worth.
fn report_unknown_option(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    path: &[Sym],
    siblings: &[Sym],
) {
    let name = path.last().expect("a child path");
    // Nix's own did-you-mean for unknown options.
    let suggestions: Vec<String> =
        suggest(name, siblings.iter().map(|s| &**s), Cutoff::NixOption, 3)
            .into_iter()
            .map(str::to_string)
            .collect();
    // In the flake's own namespaces only the flake declares options; elsewhere (NixOS's,
    // on a host whose every module qg reads) a module qg cannot read may.
    let owned = if ms.is_root {
        path.first().is_some_and(|top| ms.ctx.owns_top(top))
    } else {
        ms.region_closed(&[])
    };
    let certain = !ms.modules_unknown() && (owned || ms.knows_every_module());
    if !certain && suggestions.is_empty() {
        return;
    }
    let Ok(defs) = ms.defs_at(ev, path) else {
        return;
    };
    let kind = FindingKind::UnknownOption {
        option: show_loc(&ms.loc(path)),
        name: name.to_string(),
        suggestions: suggestions.clone(),
        certain,
    };
    for def in defs.iter().filter(|d| d.origin.workspace) {
        let fix = match (def.key_span, suggestions.first()) {
            (Some(span), Some(best)) => key_fix(ev, span, name, best),
            _ => None,
        };
        let mut spans: Vec<Span> = def.key_span.into_iter().collect();
        spans.extend(def_spans(def));
        ms.ctx.report(Finding {
            fix,
            ..Finding::new(kind.clone(), spans)
        });
    }
}

/// Replaces the misspelled key (bare or quoted) by the suggestion.
fn key_fix(ev: &Evaluator<'_>, span: Span, name: &str, best: &str) -> Option<(Span, String)> {
    let text = ev
        .file_text(span.file)
        .get(std::ops::Range::<usize>::from(span.range))?;
    let new_text = if text == name {
        best.to_string()
    } else if text.starts_with('"') {
        qg_eval::quote_string(best)
    } else {
        return None;
    };
    Some((span, new_text))
}

/// A failed assertion or a warning of one evaluation: what it says and where it may be
/// about, best first.
struct Failure {
    kind: FindingKind,
    message: String,
    spans: Vec<Span>,
}

/// A finding for each false assertion and each warning of the active definitions. One
/// that forwards a submodule's own (home-manager's NixOS module gives each user's as
/// `"<user> profile: <message>"`) is placed where that submodule's is.
fn assertions_and_warnings(ev: &mut Evaluator<'_>, root: &Rc<ModuleSet>) {
    let mut inner: Option<Vec<Failure>> = None;
    for failure in failures(ev, root) {
        let inner = inner.get_or_insert_with(|| submodule_failures(ev, root));
        let mut spans: Vec<Span> = inner
            .iter()
            .filter(|i| {
                std::mem::discriminant(&i.kind) == std::mem::discriminant(&failure.kind)
                    && failure.message.ends_with(&i.message)
            })
            .flat_map(|i| i.spans.iter().copied())
            .collect();
        spans.extend(failure.spans);
        root.ctx.report(Finding::new(failure.kind, spans));
    }
}

/// The failed assertions and warnings of the submodule instances that have their own
/// (`assertions` or `warnings` declared at their top: a home-manager user's).
fn submodule_failures(ev: &mut Evaluator<'_>, root: &Rc<ModuleSet>) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut stack: Vec<Rc<ModuleSet>> = root.instances.borrow().clone();
    while let Some(instance) = stack.pop() {
        stack.extend(instance.instances.borrow().iter().cloned());
        let decls = instance.decls();
        let own = ["assertions", "warnings"]
            .iter()
            .any(|n| decls.option(&[Sym::from(*n)]).is_some());
        if own {
            out.extend(failures(ev, &instance));
        }
    }
    out
}

/// The false assertions and the warnings of one evaluation (errors met on the way are
/// reported).
fn failures(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>) -> Vec<Failure> {
    let mut out = Vec::new();
    for name in ["assertions", "warnings"] {
        let path: Vec<Sym> = vec![name.into()];
        let Some(state) = ms.option_state(&path) else {
            continue;
        };
        let resolved = match ms.resolved(ev, &state) {
            Ok(r) => r,
            Err(e) => {
                report_error(ev, &ms.ctx, &e, None);
                continue;
            }
        };
        for d in resolved
            .defs
            .iter()
            .filter(|d| d.activity == Activity::Active)
        {
            let Value::List(items) = &d.value else {
                continue;
            };
            for item in items.iter() {
                let result = (|| -> EvalResult<()> {
                    let element = resolve(ev, &[inner_def(d, item.clone(), None)])?;
                    for e in element
                        .defs
                        .iter()
                        .filter(|e| e.activity == Activity::Active)
                    {
                        if let Some(failure) = failure_of(ev, ms, name, e)? {
                            out.push(failure);
                        }
                    }
                    Ok(())
                })();
                if let Err(e) = result {
                    report_error(ev, &ms.ctx, &e, item.span());
                }
            }
        }
    }
    out
}

/// One element of `assertions` or `warnings`, if it is a failed assertion or a warning.
fn failure_of(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    name: &str,
    e: &super::definitions::Resolved,
) -> EvalResult<Option<Failure>> {
    let (kind, message, assertion_span) = if name == "assertions" {
        let Value::Attrs(a) = &e.value else {
            return Ok(None);
        };
        let Some(assertion) = a.get("assertion").cloned() else {
            return Ok(None);
        };
        if !matches!(ev.force(&assertion)?, Value::Bool(false)) {
            return Ok(None);
        }
        let message = match attr(ev, a, "message")? {
            Some(m) => text_of(&m),
            None => String::from("(no message)"),
        };
        let kind = FindingKind::FailedAssertion {
            message: message.clone(),
        };
        (kind, message, assertion.span())
    } else {
        let message = text_of(&e.value);
        let kind = FindingKind::Warning {
            message: message.clone(),
        };
        (kind, message, None)
    };
    let mut spans: Vec<Span> = assertion_span.into_iter().collect();
    spans.extend(renamed_definitions(ev, ms, &e.def));
    spans.extend(def_spans(&e.def));
    if ms.ctx.outside_flake(&e.def.origin.file) {
        // A module's of NixOS or of an input: about what the flake defines of its options.
        spans.extend(blamed_definitions(ev, ms, &e.def, &message));
    }
    Ok(Some(Failure {
        kind,
        message,
        spans,
    }))
}

/// Where the definitions of a renamed or removed option are: a warning or assertion of a
/// rename module is about them.
fn renamed_definitions(
    ev: &mut Evaluator<'_>,
    root: &Rc<ModuleSet>,
    def: &super::definitions::Def,
) -> Vec<Span> {
    let Some(from) = &def.origin.renamed_from else {
        return Vec::new();
    };
    let defs = root.defs_at(ev, from).unwrap_or_default();
    defs.iter()
        .filter(|d| d.origin.workspace)
        .filter_map(|d| d.key_span.or(d.span))
        .collect()
}

/// Where the flake defines what an assertion or a warning of a NixOS module is about: the
/// flake's definitions of the options the module declares, narrowed to the option paths the
/// message names (`services.snapshotd.paths`, `users.users.bob`) when it names some; else
/// where the host's modules are listed.
fn blamed_definitions(
    ev: &mut Evaluator<'_>,
    root: &Rc<ModuleSet>,
    def: &super::definitions::Def,
    message: &str,
) -> Vec<Span> {
    let mut declared: Vec<Vec<Sym>> = Vec::new();
    collect_declared_by(
        &root.decls().root,
        &def.origin,
        &mut Vec::new(),
        &mut declared,
    );
    let mentioned = mentioned_paths(message);
    let mut spans = Vec::new();
    let flake_defs = |ev: &mut Evaluator<'_>, path: &[Sym], spans: &mut Vec<Span>| {
        let defs = root.defs_at(ev, path).unwrap_or_default();
        let before = spans.len();
        spans.extend(
            defs.iter()
                .filter(|d| d.origin.workspace)
                .filter_map(|d| d.key_span.or(d.span)),
        );
        spans.len() > before
    };
    for m in &mentioned {
        for p in &declared {
            let (shorter, longer) = if p.len() <= m.len() { (p, m) } else { (m, p) };
            if !longer.starts_with(shorter) {
                continue;
            }
            // The longest of the paths between the two that the flake defines
            // (`users.users.bob` for `users.users.bob.group`).
            for len in (shorter.len()..=longer.len()).rev() {
                if flake_defs(ev, &longer[..len], &mut spans) {
                    break;
                }
            }
        }
        if !spans.is_empty() {
            return spans;
        }
    }
    // Options other than `enable` first: what the module checks is rarely its switch.
    declared.sort_by_key(|p| p.last().is_some_and(|l| &**l == "enable"));
    for p in &declared {
        flake_defs(ev, p, &mut spans);
    }
    spans.extend(
        root.modules()
            .iter()
            .filter(|m| m.origin.workspace)
            .filter_map(|m| m.origin.import_span),
    );
    spans
}

/// The options of the declaration tree declared by the module of `origin`.
fn collect_declared_by(
    node: &DeclNode,
    origin: &Rc<super::definitions::Origin>,
    path: &mut Vec<Sym>,
    out: &mut Vec<Vec<Sym>>,
) {
    match node {
        DeclNode::Namespace(children) => {
            for (name, child) in children {
                path.push(name.clone());
                collect_declared_by(child, origin, path, out);
                path.pop();
            }
        }
        DeclNode::Option(o) => {
            if o.sites.iter().any(|s| Rc::ptr_eq(&s.origin, origin)) {
                out.push(path.clone());
            }
        }
    }
}

/// The option paths a message names (`services.snapshotd.paths`, `` `users.users.bob' ``),
/// in order.
fn mentioned_paths(message: &str) -> Vec<Vec<Sym>> {
    let mut out: Vec<Vec<Sym>> = Vec::new();
    for word in message.split(|c: char| !(c.is_ascii_alphanumeric() || "._-\"".contains(c))) {
        let word = word.trim_matches(|c| c == '.' || c == '"');
        if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let path: Vec<Sym> = word
            .split('.')
            .map(|p| Sym::from(p.trim_matches('"')))
            .collect();
        if path.iter().any(|p| p.is_empty()) || out.contains(&path) {
            continue;
        }
        out.push(path);
    }
    out
}

/// The text of a message, with unknown parts shown.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.text.trim_end().to_string(),
        Value::Unknown(u) => match u.string_parts() {
            Some(parts) => parts
                .iter()
                .map(|p| match p {
                    StrPart::Known(t) => t.to_string(),
                    StrPart::Unknown(r) => format!("«unknown: {r}»"),
                })
                .collect(),
            None => format!("«unknown: {}»", u.reason),
        },
        other => super::show::short_value(other),
    }
}

/// Reports an evaluation error NixOS would also hit: a missing value when an option without
/// a value was read, an evaluation error otherwise. Errors in which an unknown took part,
/// limits, and errors the per-file lints report (syntax errors, undefined variables) are
/// silent.
pub(crate) fn report_error(
    ev: &mut Evaluator<'_>,
    ctx: &HostCtx,
    e: &EvalError,
    fallback: Option<Span>,
) {
    if e.involves_unknown || e.kind == ErrorKind::Limit {
        return;
    }
    if is_reported_by_lints(&e.message) {
        return;
    }
    let _ = ev;
    let mut spans: Vec<Span> = e.span.into_iter().collect();
    spans.extend(e.trace.iter().map(|(s, _)| *s));
    spans.extend(fallback);
    if let Some(missing) = ctx.missing.borrow().get(&e.message) {
        if missing.reported.replace(true) {
            return;
        }
        let kind = FindingKind::MissingValue {
            option: missing.loc.clone(),
            message: e.message.clone(),
        };
        ctx.report(Finding {
            related: missing
                .declared
                .map(|s| (s, RelatedRole::Declaration))
                .into_iter()
                .collect(),
            ..Finding::new(kind, spans)
        });
        return;
    }
    let kind = FindingKind::EvaluationError {
        message: e.message.clone(),
    };
    ctx.report(Finding {
        related: e
            .trace
            .iter()
            .map(|(s, w)| (*s, RelatedRole::Trace(w.clone())))
            .collect(),
        ..Finding::new(kind, spans)
    });
}

/// Errors of reading a file that the per-file lints report already (syntax errors,
/// undefined variables, duplicate attributes).
pub(crate) fn is_reported_by_lints(message: &str) -> bool {
    message.starts_with("syntax error")
        || message.starts_with("undefined variable")
        || message.starts_with("dynamic attributes ")
        || message.starts_with("invalid integer")
        || message.starts_with("invalid float")
        || (message.starts_with("attribute '") && message.contains("' already defined at "))
}
