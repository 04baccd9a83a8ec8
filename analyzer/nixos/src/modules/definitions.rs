//! Definitions: what modules say about a path, and how properties are pushed down.
//!
//! A [`Def`] is one module's contribution at one path: a lazy value plus what wraps it
//! (the `mkIf` conditions met on the way down, an `mkOverride` priority, the module's file).
//! To know the children of a namespace, its definitions are forced to weak head normal form
//! only and their properties pushed down, as NixOS's `pushDownProperties` does: `mkIf c
//! { a = ...; }` gives child `a` under condition `c`, `mkMerge` gives each content,
//! `mkOverride` is carried. At a declared option the definitions stop there and are
//! *resolved*: conditions evaluated, priorities filtered, order sorted.

use std::collections::BTreeMap;
use std::rc::Rc;

use qg_eval::{ErrorKind, EvalError, EvalResult, Evaluator, Span, Sym, Thunk, Value};

use super::context::{attr, type_tag};

/// The priority of a plain definition, and those of `mkDefault` and an option's default.
pub(crate) const PLAIN_PRIORITY: i64 = 100;
pub(crate) const DEFAULT_PRIORITY: i64 = 1500;
/// The order priority of a definition without `mkBefore`/`mkAfter`.
pub(crate) const PLAIN_ORDER: i64 = 1000;

/// Where a definition comes from.
#[derive(Debug)]
pub(crate) struct Origin {
    /// The module's file (`_file`), for messages.
    pub file: Sym,
    /// Whether the module is the workspace's own (not qg's base module or lib code).
    pub workspace: bool,
    /// Where the module was imported (or listed), a fallback location for diagnostics.
    pub import_span: Option<Span>,
    /// For a rename or removal module of qg's lib (`mkRenamedOptionModule`...), the old
    /// option: its warnings and assertions are about the definitions of it.
    pub renamed_from: Option<Vec<Sym>>,
}

/// `mkIf` conditions, innermost first.
#[derive(Clone, Default)]
pub(crate) struct Conds(Option<Rc<CondNode>>);

struct CondNode {
    cond: Thunk,
    next: Conds,
}

impl Conds {
    fn with(&self, cond: Thunk) -> Conds {
        Conds(Some(Rc::new(CondNode {
            cond,
            next: self.clone(),
        })))
    }
}

/// Whether a definition takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Activity {
    Active,
    /// A condition is unknown: the definition is type-checked but the merged value
    /// depends on it, and it takes no part in conflicts.
    Maybe,
    Inactive,
}

impl Activity {
    pub(crate) fn and(self, other: Activity) -> Activity {
        match (self, other) {
            (Activity::Inactive, _) | (_, Activity::Inactive) => Activity::Inactive,
            (Activity::Maybe, _) | (_, Activity::Maybe) => Activity::Maybe,
            _ => Activity::Active,
        }
    }
}

/// One definition at one path.
#[derive(Clone)]
pub(crate) struct Def {
    pub value: Thunk,
    pub conds: Conds,
    /// `mkOverride` met on the way down (outermost wins).
    pub priority: Option<i64>,
    /// `mkOrder` (set when resolving at an option).
    pub order: Option<i64>,
    pub origin: Rc<Origin>,
    /// The file named in messages (`mkDefinition` may change it).
    pub file: Sym,
    /// Where the last key leading here was written.
    pub key_span: Option<Span>,
    /// The best source location of the value (falls back to the key).
    pub span: Option<Span>,
    /// The option's `default` (an mkOptionDefault definition).
    pub is_default: bool,
}

impl Def {
    /// A module's root fragment.
    pub(crate) fn root(value: Thunk, origin: Rc<Origin>) -> Def {
        let span = value.span();
        Def {
            value,
            conds: Conds::default(),
            priority: None,
            order: None,
            file: origin.file.clone(),
            origin,
            key_span: None,
            span,
            is_default: false,
        }
    }

    /// The same definition with another value (a property's content, an attribute).
    pub(crate) fn with_value(&self, value: Thunk, key_span: Option<Span>) -> Def {
        let mut d = self.clone();
        d.span = match key_span {
            Some(k) => better_span(value.span(), Some(k)),
            None => value.span().or(self.span),
        };
        d.key_span = key_span.or(self.key_span);
        d.value = value;
        d
    }

    pub(crate) fn with_cond(&self, cond: Thunk) -> Def {
        let mut d = self.clone();
        d.conds = self.conds.with(cond);
        d
    }

    /// Evaluates the `mkIf` conditions.
    pub(crate) fn activity(&self, ev: &mut Evaluator<'_>) -> EvalResult<Activity> {
        let mut result = Activity::Active;
        let mut node = self.conds.0.as_deref();
        while let Some(n) = node {
            result = result.and(condition(ev, &n.cond)?);
            if result == Activity::Inactive {
                return Ok(result);
            }
            node = n.next.0.as_deref();
        }
        Ok(result)
    }

    /// Drops the conditions of an active definition (they were all true).
    pub(crate) fn settled(mut self, activity: Activity) -> Def {
        if activity == Activity::Active {
            self.conds = Conds::default();
        }
        self
    }

    pub(crate) fn effective_priority(&self) -> i64 {
        self.priority.unwrap_or(PLAIN_PRIORITY)
    }
}

/// The value's span is preferred, unless it encloses its own key: a set written with
/// attribute paths (`a.b = { ... }; a.b.c = ...;`) is one merged set whose span is the
/// enclosing one, so the key says better where the definition is. (Spans in qg's own files
/// are dealt with in `report.rs`, which falls back to the key or the module's import.)
fn better_span(value: Option<Span>, fallback: Option<Span>) -> Option<Span> {
    match (value, fallback) {
        (Some(v), Some(k)) if v.file == k.file && v.range.start() <= k.range.start() => Some(k),
        (v, k) => v.or(k),
    }
}

/// One `mkIf` condition: a boolean, or unknown.
fn condition(ev: &mut Evaluator<'_>, cond: &Thunk) -> EvalResult<Activity> {
    match ev.force(cond)? {
        Value::Bool(true) => Ok(Activity::Active),
        Value::Bool(false) => Ok(Activity::Inactive),
        Value::Unknown(_) => Ok(Activity::Maybe),
        other => {
            let mut e = EvalError::new(
                ErrorKind::Type,
                format!(
                    "‘mkIf’ called with a non-Boolean condition (a value of type {})",
                    other.type_of()
                ),
            );
            e.span = cond.span();
            Err(e)
        }
    }
}

/// The children of a namespace: its definitions pushed down one level.
#[derive(Clone, Default)]
pub(crate) struct Children {
    /// Definitions of each child, in definition order.
    pub by_name: BTreeMap<Sym, Vec<Def>>,
    /// Definitions whose value is not a set (a value at a namespace).
    pub leaves: Vec<Def>,
    /// Definitions whose value is unknown: they may define any child.
    pub unknown: Vec<Def>,
}

/// Pushes one definition down into `out`.
///
/// Conditions are not evaluated here (a condition may read the namespace being pushed
/// down, which would be infinite recursion), so a definition under `mkIf false` is forced
/// like any other. Nix never evaluates such a definition: when forcing it fails, its
/// conditions decide. A definition that is inactive, or may be (an unknown or failing
/// condition), is dropped with its error; only an active one fails.
pub(crate) fn push_down(ev: &mut Evaluator<'_>, def: &Def, out: &mut Children) -> EvalResult<()> {
    let value = match ev.force(&def.value) {
        Ok(v) => v,
        Err(e) if def.conds.0.is_some() => {
            return match def.activity(ev) {
                Ok(Activity::Active) => Err(e),
                _ => Ok(()),
            }
        }
        Err(e) => return Err(e),
    };
    let attrs = match &value {
        Value::Attrs(a) => a.clone(),
        Value::Unknown(_) => {
            out.unknown.push(def.clone());
            return Ok(());
        }
        _ => {
            out.leaves.push(def.clone());
            return Ok(());
        }
    };
    match type_tag(ev, &attrs)?.as_deref() {
        None => {
            for a in attrs.iter() {
                let child = def.with_value(a.value.clone(), a.key_span);
                out.by_name.entry(a.name.clone()).or_default().push(child);
            }
            if attrs.open.is_some() {
                out.unknown.push(def.clone());
            }
            Ok(())
        }
        Some("if") => {
            let (cond, content) = if_parts(&attrs)?;
            push_down(ev, &def.with_cond(cond).with_value(content, None), out)
        }
        Some("merge") => {
            for item in merge_contents(ev, &attrs)? {
                push_down(ev, &def.with_value(item, None), out)?;
            }
            Ok(())
        }
        Some("override") => {
            let (priority, content) = priority_parts(ev, &attrs)?;
            let mut inner = def.with_value(content, None);
            inner.priority = inner.priority.or(priority);
            push_down(ev, &inner, out)
        }
        Some("order") => {
            // NixOS refuses mkOrder around a namespace; qg accepts it.
            let (_, content) = priority_parts(ev, &attrs)?;
            push_down(ev, &def.with_value(content, None), out)
        }
        Some("definition") => {
            let inner = definition_parts(ev, def, &attrs)?;
            push_down(ev, &inner, out)
        }
        Some(_) => {
            out.leaves.push(def.clone());
            Ok(())
        }
    }
}

/// A member a property set must have, unforced.
fn member(attrs: &qg_eval::Attrs, name: &str) -> EvalResult<Thunk> {
    attrs.get(name).cloned().ok_or_else(|| {
        EvalError::new(
            ErrorKind::MissingAttr,
            format!("attribute '{name}' missing"),
        )
    })
}

fn if_parts(attrs: &qg_eval::Attrs) -> EvalResult<(Thunk, Thunk)> {
    Ok((member(attrs, "condition")?, member(attrs, "content")?))
}

fn merge_contents(ev: &mut Evaluator<'_>, attrs: &qg_eval::Attrs) -> EvalResult<Vec<Thunk>> {
    match attr(ev, attrs, "contents")? {
        Some(Value::List(l)) => Ok(l.iter().cloned().collect()),
        Some(Value::Unknown(_)) => Ok(vec![Thunk::value(Value::unknown("mkMerge contents"))]),
        _ => Err(EvalError::new(
            ErrorKind::Type,
            "mkMerge expects a list of definitions",
        )),
    }
}

fn priority_parts(
    ev: &mut Evaluator<'_>,
    attrs: &qg_eval::Attrs,
) -> EvalResult<(Option<i64>, Thunk)> {
    let priority = match attr(ev, attrs, "priority")? {
        Some(Value::Int(p)) => Some(p),
        _ => None,
    };
    Ok((priority, member(attrs, "content")?))
}

fn definition_parts(ev: &mut Evaluator<'_>, def: &Def, attrs: &qg_eval::Attrs) -> EvalResult<Def> {
    let mut inner = def.with_value(member(attrs, "value")?, None);
    if let Some(Value::String(file)) = attr(ev, attrs, "file")? {
        inner.file = file.text;
    }
    Ok(inner)
}

/// A definition at an option with its properties discharged.
#[derive(Clone)]
pub(crate) struct Resolved {
    pub def: Def,
    /// The value under the properties (weak head normal form).
    pub value: Value,
    pub activity: Activity,
}

/// The definitions of one option after conditions, priorities and order.
#[derive(Clone, Default)]
pub(crate) struct ResolvedDefs {
    /// Kept definitions, in merge order.
    pub defs: Vec<Resolved>,
    /// The priority of the kept definitions (`highestPrio`); `None` without any.
    pub highest_priority: Option<i64>,
    /// Literals under a false condition (`mkIf false "yes"`): never merged, only read
    /// for a latent type mistake (see [`dormant_literal`]).
    pub dormant: Vec<Resolved>,
}

impl ResolvedDefs {
    pub(crate) fn any_maybe(&self) -> bool {
        self.defs.iter().any(|d| d.activity == Activity::Maybe)
    }

    pub(crate) fn active(&self) -> impl Iterator<Item = &Resolved> {
        self.defs.iter().filter(|d| d.activity == Activity::Active)
    }
}

/// Discharges the properties of an option's definitions (NixOS steps 2–4: mkMerge and mkIf,
/// the override filter, the order sort). Values of inactive definitions are never forced.
pub(crate) fn resolve(ev: &mut Evaluator<'_>, defs: &[Def]) -> EvalResult<ResolvedDefs> {
    let beaten = beaten_overrides(ev, defs);
    let defs: Vec<Def> = defs
        .iter()
        .zip(beaten)
        .filter(|(_, beaten)| !beaten)
        .map(|(d, _)| d.clone())
        .collect();
    let (flat, dormant): (Vec<Resolved>, Vec<Resolved>) = discharge_with_dormant(ev, &defs)?
        .into_iter()
        .partition(|d| d.activity != Activity::Inactive);
    let active_min = flat
        .iter()
        .filter(|d| d.activity == Activity::Active)
        .map(|d| d.def.effective_priority())
        .min();
    let maybe_min = flat
        .iter()
        .filter(|d| d.activity == Activity::Maybe)
        .map(|d| d.def.effective_priority())
        .min();
    let highest = match (active_min, maybe_min) {
        (Some(a), Some(m)) => Some(a.min(m)),
        (a, m) => a.or(m),
    };
    // A maybe-definition of higher priority could replace the active ones.
    let shadowed = matches!((active_min, maybe_min), (Some(a), Some(m)) if m < a);
    let mut kept: Vec<Resolved> = flat
        .into_iter()
        .filter(|d| match d.activity {
            Activity::Active => Some(d.def.effective_priority()) == active_min,
            Activity::Maybe => active_min.is_none_or(|a| d.def.effective_priority() <= a),
            Activity::Inactive => false,
        })
        .map(|mut d| {
            if shadowed && d.activity == Activity::Active {
                d.activity = Activity::Maybe;
            }
            d
        })
        .collect();
    if kept.iter().any(|d| d.def.order.is_some()) {
        kept.sort_by_key(|d| d.def.order.unwrap_or(PLAIN_ORDER));
    }
    Ok(ResolvedDefs {
        defs: kept,
        highest_priority: highest,
        dormant,
    })
}

/// Which definitions are an `mkOverride` whose priority another definition (always active,
/// its priority known without evaluating its content) beats: NixOS drops them by their
/// priority alone, without evaluating their content (misc/nixpkgs.nix's
/// `mkOverride 100 finalPkgs` under `_module.args.pkgs = mkForce ...`).
fn beaten_overrides(ev: &mut Evaluator<'_>, defs: &[Def]) -> Vec<bool> {
    let mut tops: Vec<Option<(i64, bool)>> = Vec::with_capacity(defs.len());
    for def in defs {
        if def.is_default {
            // `mkOptionDefault default`: its priority is known, its value is forced only
            // if it is used.
            tops.push(Some((def.effective_priority(), true)));
            continue;
        }
        // Under a condition, nothing is evaluated before it (it may be false); an error is
        // the discharge's to meet.
        if def.conds.0.is_some() {
            tops.push(None);
            continue;
        }
        let top = match ev.force(&def.value) {
            Ok(Value::Attrs(a)) => match type_tag(ev, &a).ok().flatten().as_deref() {
                Some("override") => match priority_parts(ev, &a) {
                    Ok((priority, _)) => def.priority.or(priority).map(|p| (p, true)),
                    Err(_) => None,
                },
                Some("if" | "merge" | "order" | "definition") => None,
                _ => Some((def.effective_priority(), false)),
            },
            Ok(_) => Some((def.effective_priority(), false)),
            Err(_) => None,
        };
        tops.push(top);
    }
    let strongest = defs
        .iter()
        .zip(&tops)
        .filter(|(d, _)| d.conds.0.is_none())
        .filter_map(|(_, t)| t.map(|(p, _)| p))
        .min();
    tops.iter()
        .map(|t| matches!((t, strongest), (Some((p, true)), Some(s)) if *p > s))
        .collect()
}

/// Every definition with its properties discharged, before the priority filter (for
/// `qg-check show --definitions`); inactive ones are left out.
pub(crate) fn discharge_all(ev: &mut Evaluator<'_>, defs: &[Def]) -> EvalResult<Vec<Resolved>> {
    let mut out = discharge_with_dormant(ev, defs)?;
    out.retain(|d| d.activity != Activity::Inactive);
    Ok(out)
}

/// As [`discharge_all`], with the [`dormant_literal`]s under false conditions (inactive).
fn discharge_with_dormant(ev: &mut Evaluator<'_>, defs: &[Def]) -> EvalResult<Vec<Resolved>> {
    let mut out = Vec::new();
    for def in defs {
        let activity = def.activity(ev)?;
        if activity != Activity::Inactive {
            discharge(ev, def.clone().settled(activity), activity, &mut out)?;
        } else if let Some(dormant) = dormant_literal(ev, def, &def.value) {
            out.push(dormant);
        }
    }
    Ok(out)
}

/// A definition under a false condition whose value is written as a plain literal (`true`,
/// `8080`, `"yes"`): its value is read from the text alone, so a type mistake in it can be
/// reported (as latent) without evaluating anything the condition guards.
fn dormant_literal(ev: &mut Evaluator<'_>, def: &Def, value: &Thunk) -> Option<Resolved> {
    let span = value.span()?;
    let text = ev
        .file_text(span.file)
        .get(std::ops::Range::<usize>::from(span.range))?
        .trim();
    let plain_string = text.len() >= 2
        && text.starts_with('"')
        && text.ends_with('"')
        && !text[1..text.len() - 1].contains(['"', '\\', '$']);
    let number = text.strip_prefix('-').unwrap_or(text);
    let literal = matches!(text, "true" | "false")
        || (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
        || plain_string;
    if !literal {
        return None;
    }
    let value_now = ev.force(value).ok()?;
    Some(Resolved {
        def: def.with_value(value.clone(), None),
        value: value_now,
        activity: Activity::Inactive,
    })
}

/// Strips mkMerge/mkIf (evaluating conditions), then one mkOverride and one mkOrder layer.
fn discharge(
    ev: &mut Evaluator<'_>,
    def: Def,
    activity: Activity,
    out: &mut Vec<Resolved>,
) -> EvalResult<()> {
    let value = ev.force(&def.value)?;
    let Value::Attrs(attrs) = &value else {
        out.push(Resolved {
            def,
            value,
            activity,
        });
        return Ok(());
    };
    match type_tag(ev, attrs)?.as_deref() {
        Some("if") => {
            let (cond, content) = if_parts(attrs)?;
            let this = condition(ev, &cond)?;
            if this == Activity::Inactive {
                out.extend(dormant_literal(ev, &def, &content));
                return Ok(());
            }
            // An unknown condition stays with the definition: what is built from it
            // (the keys of an attribute set, a submodule) inherits the doubt.
            let def = if this == Activity::Maybe {
                def.with_cond(cond)
            } else {
                def
            };
            discharge(ev, def.with_value(content, None), activity.and(this), out)
        }
        Some("merge") => {
            for item in merge_contents(ev, attrs)? {
                discharge(ev, def.with_value(item, None), activity, out)?;
            }
            Ok(())
        }
        Some("override") => {
            let (priority, content) = priority_parts(ev, attrs)?;
            let mut inner = def.with_value(content, None);
            inner.priority = inner.priority.or(priority);
            discharge(ev, inner, activity, out)
        }
        Some("order") => {
            let (order, content) = priority_parts(ev, attrs)?;
            let mut inner = def.with_value(content, None);
            inner.order = inner.order.or(order);
            discharge(ev, inner, activity, out)
        }
        Some("definition") => {
            let inner = definition_parts(ev, &def, attrs)?;
            discharge(ev, inner, activity, out)
        }
        _ => {
            out.push(Resolved {
                def,
                value,
                activity,
            });
            Ok(())
        }
    }
}
