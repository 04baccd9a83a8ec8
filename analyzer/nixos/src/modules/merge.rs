//! Merging an option's definitions by its type, with the type checks (wrong types, lists
//! nested by mistake) and conflicts found on the way.
//!
//! Merges are as lazy as NixOS's: a list's elements and an attribute set's values are
//! merged when read. Each of those lazy parts is also queued on the module evaluation
//! (`pending`), so the checks run even when nothing reads them. Where a definition is only
//! maybe active (an unknown `mkIf` condition), the merged value is unknown, but every
//! definition is still checked.

use std::collections::BTreeMap;
use std::rc::Rc;

use qg_eval::{Attr, Attrs, EvalResult, Evaluator, Shape, Sym, Thunk, Unknown, Value};

use super::config::ModuleSet;
use super::context::{make_attrs, Finding};
use super::declarations::{show_loc, OptionDecl};
use super::definitions::{resolve, Activity, Def, Resolved, ResolvedDefs};
use super::finding::{ConflictKind, FindingKind, RelatedRole};
use super::show::short_value;
use super::types::{Kind, TypeInfo};

/// What a merge needs besides the type and the definitions.
#[derive(Clone)]
pub(crate) struct MergeCx {
    pub ms: Rc<ModuleSet>,
    pub decl: Rc<OptionDecl>,
    /// The option's path in `ms` (for submodule instances).
    pub opt_path: Vec<Sym>,
}

/// Where a merged value sits, for the nested-list check.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    ListElement,
}

fn unknown(reason: &str) -> Value {
    Value::unknown(reason)
}

/// Merges `defs` (resolved, non-empty) as `ty` at `loc`.
pub(crate) fn merge(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    ty: &Rc<TypeInfo>,
    loc: &[Sym],
    defs: &ResolvedDefs,
    position: Option<Position>,
) -> EvalResult<Value> {
    if !check_all(ev, cx, ty, loc, defs, position)? {
        return Ok(unknown("a definition of the wrong type"));
    }
    match &ty.kind {
        Kind::Equal => merge_equal(ev, cx, loc, defs),
        Kind::One => merge_one(ev, cx, loc, defs),
        Kind::Unique(inner) => {
            let value = merge_one(ev, cx, loc, defs)?;
            if value.is_unknown() {
                return Ok(value);
            }
            let inner = inner.get(ev)?;
            merge(ev, cx, &inner, loc, defs, None)
        }
        Kind::Nix => merge_in_nix(ev, ty, loc, defs),
        Kind::List(elem) => {
            let elem = elem.get(ev)?;
            merge_list(ev, cx, &elem, loc, defs)
        }
        Kind::Attrs { elem, lazy } => {
            let elem = elem.get(ev)?;
            merge_attrs(ev, cx, &elem, loc, defs, *lazy)
        }
        Kind::Submodule(st) => {
            let instance = cx
                .ms
                .new_instance(ev, st, &cx.decl, &cx.opt_path, loc, defs);
            let config = ev.force(&instance.config)?;
            // The value of a submodule of nixpkgs' lib is its configuration without the
            // `_module.*` options its modules see.
            match &config {
                Value::Attrs(a) if cx.ms.ctx.nixos_modules.get() && a.contains("_module") => {
                    Ok(Value::attrs(a.filtered(|x| &*x.name != "_module")))
                }
                _ => Ok(config),
            }
        }
        Kind::NullOr(elem) => merge_null_or(ev, cx, elem, loc, defs),
        Kind::Either(left, right) => {
            for side in [left, right] {
                let side = side.get(ev)?;
                if all_pass(ev, &side, defs)? {
                    return merge(ev, cx, &side, loc, defs, None);
                }
            }
            Ok(unknown("definitions of two different types"))
        }
        Kind::Coerced { from, func, to } => {
            let from = from.get(ev)?;
            let mut coerced = defs.clone();
            for d in &mut coerced.defs {
                if from.check(ev, &Thunk::value(d.value.clone()))? == Some(true) {
                    let span = d.def.span.unwrap_or_else(|| ev.no_span());
                    d.value = ev.force(&Thunk::apply(
                        func.clone(),
                        vec![Thunk::value(d.value.clone())],
                        span,
                    ))?;
                }
            }
            let to = to.get(ev)?;
            merge(ev, cx, &to, loc, &coerced, None)
        }
        Kind::Anything => merge_anything(ev, cx, loc, defs),
        Kind::FunctionTo => match (defs.any_maybe(), defs.defs.as_slice()) {
            (false, [only]) => Ok(only.value.clone()),
            _ => Ok(unknown("several function definitions")),
        },
        Kind::Opaque => Ok(unknown("a type qg does not merge")),
    }
}

/// Checks every definition against the type; reports and returns false if one fails.
fn check_all(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    ty: &TypeInfo,
    loc: &[Sym],
    defs: &ResolvedDefs,
    position: Option<Position>,
) -> EvalResult<bool> {
    let mut ok = true;
    for d in &defs.defs {
        let value = Thunk::value(d.value.clone());
        if ty.check(ev, &value)? != Some(false) {
            continue;
        }
        ok = false;
        if d.def.is_default {
            // NixOS checks a default only when it is used; nothing says it will be.
            continue;
        }
        let nested = position == Some(Position::ListElement) && matches!(d.value, Value::List(_));
        let description = ty.description(ev);
        let conditional = d.activity != Activity::Active;
        let kind = if nested {
            FindingKind::NestedList {
                option: show_loc(&loc[..loc.len().saturating_sub(1)]),
                element: description,
                conditional,
            }
        } else {
            FindingKind::WrongType {
                option: show_loc(loc),
                expected: description,
                value: short_value(&d.value),
                conditional,
            }
        };
        cx.ms.ctx.report(Finding::new(kind, def_spans(&d.def)));
    }
    Ok(ok)
}

/// Literal definitions under a false condition (`mkIf false "yes"` for a boolean): never
/// merged, but one of the wrong type breaks the host the day the condition turns true.
/// Reported as conditional.
pub(crate) fn check_dormant(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    ty: &TypeInfo,
    loc: &[Sym],
    defs: &ResolvedDefs,
) -> EvalResult<()> {
    for d in defs.dormant.iter().filter(|d| !d.def.is_default) {
        if ty.check(ev, &Thunk::value(d.value.clone()))? != Some(false) {
            continue;
        }
        let kind = FindingKind::WrongType {
            option: show_loc(loc),
            expected: ty.description(ev),
            value: short_value(&d.value),
            conditional: true,
        };
        cx.ms.ctx.report(Finding::new(kind, def_spans(&d.def)));
    }
    Ok(())
}

/// Candidate locations of a definition, best first.
pub(crate) fn def_spans(def: &Def) -> Vec<qg_eval::Span> {
    def.span
        .into_iter()
        .chain(def.key_span)
        .chain(def.origin.import_span)
        .collect()
}

fn all_pass(ev: &mut Evaluator<'_>, ty: &TypeInfo, defs: &ResolvedDefs) -> EvalResult<bool> {
    for d in &defs.defs {
        if ty.check(ev, &Thunk::value(d.value.clone()))? != Some(true) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A conflict between `a` (the first definition) and `b`, reported at `b`.
fn conflict(cx: &MergeCx, loc: &[Sym], a: &Resolved, b: &Resolved, why: ConflictKind) {
    let kind = FindingKind::Conflict {
        option: show_loc(loc),
        why,
        value: short_value(&b.value),
        file: cx.ms.ctx.relative(&b.def.file),
        other_value: short_value(&a.value),
        other_file: cx.ms.ctx.relative(&a.def.file),
    };
    cx.ms.ctx.report(Finding {
        related: def_spans(&a.def)
            .into_iter()
            .map(|s| (s, RelatedRole::OtherDefinition))
            .collect(),
        ..Finding::new(kind, def_spans(&b.def))
    });
}

fn merge_equal(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    loc: &[Sym],
    defs: &ResolvedDefs,
) -> EvalResult<Value> {
    let mut active = defs.active();
    if let Some(first) = active.next() {
        let first_value = Thunk::value(first.value.clone());
        for other in active {
            let same = cx
                .ms
                .ctx
                .equal(ev, &first_value, &Thunk::value(other.value.clone()))?;
            if same == Some(false) {
                conflict(cx, loc, first, other, ConflictKind::DifferentValues);
                return Ok(unknown("conflicting definitions"));
            }
        }
    }
    if defs.any_maybe() {
        return Ok(unknown("a definition under an unknown condition"));
    }
    Ok(defs.defs[0].value.clone())
}

fn merge_one(
    _ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    loc: &[Sym],
    defs: &ResolvedDefs,
) -> EvalResult<Value> {
    let mut active = defs.active();
    if let (Some(first), Some(second)) = (active.next(), active.next()) {
        conflict(cx, loc, first, second, ConflictKind::NotUnique);
        return Ok(unknown("several definitions of a unique option"));
    }
    if defs.any_maybe() {
        return Ok(unknown("a definition under an unknown condition"));
    }
    Ok(defs.defs[0].value.clone())
}

/// The type's own merge function, given `{ file; value; }` definitions.
fn merge_in_nix(
    ev: &mut Evaluator<'_>,
    ty: &TypeInfo,
    loc: &[Sym],
    defs: &ResolvedDefs,
) -> EvalResult<Value> {
    if defs.any_maybe() {
        return Ok(unknown("a definition under an unknown condition"));
    }
    let Value::Attrs(t) = &ty.value else {
        return Ok(unknown("type"));
    };
    let Some(merge_fn) = super::context::attr(ev, t, "merge")? else {
        return Ok(unknown("type without merge"));
    };
    let loc_value = Value::list(
        loc.iter()
            .map(|n| Thunk::value(Value::string(n.clone())))
            .collect(),
    );
    let list = defs
        .defs
        .iter()
        .map(|d| {
            Thunk::value(Value::attrs(make_attrs(vec![
                ("file", Thunk::value(Value::string(d.def.file.clone()))),
                ("value", Thunk::value(d.value.clone())),
            ])))
        })
        .collect();
    let span = defs.defs[0].def.span.unwrap_or_else(|| ev.no_span());
    ev.force(&Thunk::apply(
        merge_fn,
        vec![Thunk::value(loc_value), Thunk::value(Value::list(list))],
        span,
    ))
}

/// A lazily merged part of a value, queued so that its checks run.
fn lazy_part(
    cx: &MergeCx,
    ty: &Rc<TypeInfo>,
    loc: Vec<Sym>,
    defs: ResolvedDefs,
    position: Option<Position>,
) -> Thunk {
    let weak = Rc::downgrade(&cx.ms);
    let decl = cx.decl.clone();
    let opt_path = cx.opt_path.clone();
    let ty = ty.clone();
    let span = defs
        .defs
        .first()
        .and_then(|d| d.def.span)
        .unwrap_or(qg_eval::Span::synthetic());
    let thunk = cx.ms.ctx.deferred(span, move |ev| {
        let Some(ms) = weak.upgrade() else {
            return Ok(unknown("option"));
        };
        let cx = MergeCx {
            ms,
            decl: decl.clone(),
            opt_path: opt_path.clone(),
        };
        merge(ev, &cx, &ty, &loc, &defs, position)
    });
    cx.ms.pending.borrow_mut().push(thunk.clone());
    thunk
}

/// A definition one level down (a list element, an attribute): its own properties are
/// discharged again, its priority starts afresh.
pub(crate) fn inner_def(parent: &Resolved, value: Thunk, key_span: Option<qg_eval::Span>) -> Def {
    let mut d = parent.def.with_value(value, key_span);
    d.priority = None;
    d.order = None;
    d
}

fn merge_list(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    elem: &Rc<TypeInfo>,
    loc: &[Sym],
    defs: &ResolvedDefs,
) -> EvalResult<Value> {
    let mut uncertain = defs.any_maybe();
    let mut items = Vec::new();
    for (n, d) in defs.defs.iter().enumerate() {
        let Value::List(list) = &d.value else {
            uncertain = true;
            continue;
        };
        for (m, item) in list.iter().enumerate() {
            let resolved = resolve(ev, &[inner_def(d, item.clone(), None)])?;
            if resolved.defs.is_empty() {
                continue;
            }
            uncertain |= resolved.any_maybe();
            let mut item_loc = loc.to_vec();
            item_loc.push(format!("[definition {}-entry {}]", n + 1, m + 1).into());
            items.push(lazy_part(
                cx,
                elem,
                item_loc,
                resolved,
                Some(Position::ListElement),
            ));
        }
    }
    if uncertain {
        return Ok(Unknown::value(
            "a list with elements under unknown conditions",
            Shape::List,
        ));
    }
    Ok(Value::list(items))
}

fn merge_attrs(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    elem: &Rc<TypeInfo>,
    loc: &[Sym],
    defs: &ResolvedDefs,
    lazy: bool,
) -> EvalResult<Value> {
    // A module qg cannot read may add keys: on such a host a missing key is unknown.
    let unread_modules = cx.ms.modules_unknown();
    let mut open = false;
    let mut by_key: BTreeMap<Sym, Vec<Def>> = BTreeMap::new();
    for d in &defs.defs {
        match &d.value {
            Value::Attrs(a) => {
                open |= a.open.is_some();
                for attr in a.iter() {
                    by_key.entry(attr.name.clone()).or_default().push(inner_def(
                        d,
                        attr.value.clone(),
                        attr.key_span,
                    ));
                }
            }
            _ => open = true,
        }
    }
    let mut entries = Vec::new();
    for (key, key_defs) in by_key {
        let mut key_loc = loc.to_vec();
        key_loc.push(key.clone());
        let resolved = match resolve(ev, &key_defs) {
            Ok(r) => r,
            Err(e) => {
                // A submodule's module that does not parse (a user's `home.nix` being
                // edited) is still that instance's.
                if matches!(elem.kind, Kind::Submodule(_)) {
                    super::collect::note_broken_module(ev, &cx.ms.ctx, &e, &key_loc);
                }
                return Err(e);
            }
        };
        if resolved.defs.is_empty() && !lazy {
            continue;
        }
        if !resolved.defs.is_empty() && resolved.defs.iter().all(|d| d.activity == Activity::Maybe)
        {
            open = true;
        }
        let key_span = key_defs.iter().find_map(|d| d.key_span);
        entries.push(Attr {
            name: key,
            value: lazy_part(cx, elem, key_loc, resolved, None),
            key_span,
        });
    }
    let mut attrs = Attrs::from_sorted(entries);
    if open {
        attrs.open = Some("a key under an unknown condition".into());
    } else if unread_modules {
        attrs.open = Some("a key from a module qg cannot read".into());
    }
    Ok(Value::attrs(attrs))
}

fn merge_null_or(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    elem: &Rc<super::types::TypeRef>,
    loc: &[Sym],
    defs: &ResolvedDefs,
) -> EvalResult<Value> {
    let is_null = |d: &Resolved| matches!(d.value, Value::Null);
    let nulls = defs.defs.iter().filter(|d| is_null(d)).count();
    if nulls == defs.defs.len() {
        if defs.any_maybe() {
            return Ok(unknown("a definition under an unknown condition"));
        }
        return Ok(Value::Null);
    }
    if nulls == 0 {
        let elem = elem.get(ev)?;
        return merge(ev, cx, &elem, loc, defs, None);
    }
    let active_null = defs.active().find(|d| is_null(d));
    let active_other = defs.active().find(|d| !is_null(d));
    if let (Some(a), Some(b)) = (active_null, active_other) {
        conflict(cx, loc, a, b, ConflictKind::NullAndNotNull);
    }
    Ok(unknown("null and non-null definitions"))
}

/// `types.anything`: sets merge per key, other values must be equal.
fn merge_anything(
    ev: &mut Evaluator<'_>,
    cx: &MergeCx,
    loc: &[Sym],
    defs: &ResolvedDefs,
) -> EvalResult<Value> {
    if defs.any_maybe() {
        return Ok(unknown("a definition under an unknown condition"));
    }
    let all_sets = defs.defs.iter().all(|d| matches!(d.value, Value::Attrs(_)));
    if all_sets && defs.defs.len() > 1 {
        let anything = defs_type_anything(ev, cx)?;
        return merge_attrs(ev, cx, &anything, loc, defs, false);
    }
    if defs.defs.len() == 1 {
        return Ok(defs.defs[0].value.clone());
    }
    if defs.defs.iter().any(|d| d.value.is_function()) {
        return Ok(unknown("several function definitions"));
    }
    merge_equal(ev, cx, loc, defs)
}

fn defs_type_anything(ev: &mut Evaluator<'_>, cx: &MergeCx) -> EvalResult<Rc<TypeInfo>> {
    let ty = ev.select(&cx.ms.lib, &["types", "anything"])?;
    Ok(Rc::new(TypeInfo::interpret(ev, &ty)?))
}
