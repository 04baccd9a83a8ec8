//! Printing values of `config`: short forms for messages, and the full merged value for
//! `qg-check show` (as `nix-instantiate --eval --strict` prints, unknowns as
//! `«unknown: reason»`, a part that fails to evaluate as `«error: message»`).

use std::fmt::Write;
use std::rc::Rc;

use qg_eval::{attr_name, print_scalar, EvalResult, Evaluator, Sym, Thunk, Value};

use super::config::ModuleSet;
use super::definitions::{discharge_all, Activity, Resolved};
use super::merge::inner_def;
use super::types::Kind;

/// A value in one short line, without forcing anything (for messages).
pub(crate) fn short_value(value: &Value) -> String {
    let text = match value {
        Value::Attrs(a) if a.is_empty() => "{ }".to_string(),
        Value::Attrs(_) => "{ ... }".to_string(),
        Value::List(l) if l.is_empty() => "[ ]".to_string(),
        Value::List(l) => {
            let items: Vec<String> = l
                .iter()
                .take(4)
                .map(|t| match t.peek() {
                    Some(v @ (Value::String(_) | Value::Int(_) | Value::Bool(_) | Value::Null)) => {
                        short_value(&v)
                    }
                    _ => "...".to_string(),
                })
                .collect();
            let more = if l.len() > 4 { " ..." } else { "" };
            format!("[ {}{more} ]", items.join(" "))
        }
        other => {
            let mut out = String::new();
            print_scalar(&mut out, other);
            out
        }
    };
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// How much of a value is printed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Stop forcing once the text is longer (the caller cuts the rest).
    pub max_chars: usize,
    pub max_depth: usize,
    /// `…` for what is not shown (an open set, too deep, an error), for one-line hovers.
    pub terse: bool,
}

impl Budget {
    /// Everything, as `qg-check show` prints it.
    pub(crate) const FULL: Budget = Budget {
        max_chars: usize::MAX,
        max_depth: 64,
        terse: false,
    };
}

/// Forces and prints a value completely; parts that fail print as `«error: ...»`.
pub(crate) fn print_forced(ev: &mut Evaluator<'_>, value: &Value) -> String {
    print_within(ev, value, Budget::FULL)
}

/// Forces and prints a value as far as `budget` allows.
pub(crate) fn print_within(ev: &mut Evaluator<'_>, value: &Value, budget: Budget) -> String {
    let mut out = String::new();
    print_value(ev, &mut out, value, 0, budget);
    out
}

fn over(out: &str, budget: Budget) -> bool {
    // Checked before every member: the byte length bounds the char count, so most checks
    // need not walk the text.
    out.len() > budget.max_chars && out.chars().count() > budget.max_chars
}

fn print_value(
    ev: &mut Evaluator<'_>,
    out: &mut String,
    value: &Value,
    depth: usize,
    budget: Budget,
) {
    if depth > budget.max_depth || over(out, budget) {
        out.push_str(if budget.terse { "…" } else { "«too deep»" });
        return;
    }
    match value {
        Value::Attrs(a) => {
            if a.is_empty() && a.open.is_none() {
                out.push_str("{ }");
                return;
            }
            out.push_str("{ ");
            for attr in a.iter() {
                if over(out, budget) {
                    out.push('…');
                    return;
                }
                out.push_str(&attr_name(&attr.name));
                out.push_str(" = ");
                print_thunk(ev, out, &attr.value, depth + 1, budget);
                out.push_str("; ");
            }
            match &a.open {
                Some(_) if budget.terse => out.push_str("… "),
                Some(reason) => {
                    let _ = write!(out, "«more: {reason}» ");
                }
                None => {}
            }
            out.push('}');
        }
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[ ]");
                return;
            }
            out.push_str("[ ");
            for item in l.iter() {
                if over(out, budget) {
                    out.push('…');
                    return;
                }
                print_thunk(ev, out, item, depth + 1, budget);
                out.push(' ');
            }
            out.push(']');
        }
        other => print_scalar(out, other),
    }
}

fn print_thunk(
    ev: &mut Evaluator<'_>,
    out: &mut String,
    thunk: &Thunk,
    depth: usize,
    budget: Budget,
) {
    match ev.force(thunk) {
        Ok(v) => print_value(ev, out, &v, depth, budget),
        Err(_) if budget.terse => out.push_str("«error»"),
        Err(e) => {
            let _ = write!(out, "«error: {}»", e.message);
        }
    }
}

/// `qg-check show`: the value at `path` of a host's `config`, and its definitions.
pub(crate) fn show_path(
    ev: &mut Evaluator<'_>,
    loader: &super::source::WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
    path: &[Sym],
    definitions: bool,
) -> Result<String, String> {
    let shown = super::declarations::show_loc(path);
    let mut value = ev
        .force(&root.config)
        .map_err(|e| format!("config does not evaluate: {}", e.message))?;
    for (i, name) in path.iter().enumerate() {
        value = match &value {
            Value::Attrs(a) => match a.get(name) {
                Some(t) => match ev.force(&t.clone()) {
                    Ok(v) => v,
                    Err(e) => Value::unknown(format!("error: {}", e.message)),
                },
                None if a.open.is_some() => Value::unknown(a.open.clone().expect("checked")),
                None => {
                    let at = super::declarations::show_loc(&path[..=i]);
                    return Err(format!("`{at}' is neither declared nor defined"));
                }
            },
            Value::Unknown(_) => value.clone(),
            other => {
                let at = super::declarations::show_loc(&path[..i]);
                return Err(format!(
                    "`{at}' is {}, not an attribute set",
                    other.describe()
                ));
            }
        };
    }
    let mut out = print_forced(ev, &value);
    out.push('\n');
    if definitions {
        out.push_str(&definitions_text(ev, loader, root, path, &shown));
    }
    Ok(out)
}

/// Every definition of the option at `path`, in merge order, with file:line and priority;
/// `*` marks those that make the value (the highest priority).
fn definitions_text(
    ev: &mut Evaluator<'_>,
    loader: &super::source::WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
    path: &[Sym],
    shown: &str,
) -> String {
    match definitions(ev, root, path) {
        Ok(Some(defs)) => {
            let mut out = format!("\nDefinitions of `{shown}' (merge order; * = used):\n");
            if defs.is_empty() {
                out.push_str("  (none)\n");
            }
            for (d, used) in &defs {
                out.push_str(&definition_line(ev, loader, root, d, *used));
            }
            out
        }
        Ok(None) => {
            format!("\n`{shown}' is part of an option's value; it has no definitions of its own.\n")
        }
        Err(e) => format!("\ndefinitions do not evaluate: {}\n", e.message),
    }
}

/// The definitions at `path` with whether each is used: an option's, an `attrsOf` key's
/// (before the per-key priority filter), or those of a path inside a submodule.
pub(crate) fn definitions(
    ev: &mut Evaluator<'_>,
    root: &Rc<ModuleSet>,
    path: &[Sym],
) -> EvalResult<Option<Vec<(Resolved, bool)>>> {
    let mut ms = root.clone();
    let mut local = path.to_vec();
    loop {
        let Some((decl, n)) = ms.decls().option_above(&local) else {
            break;
        };
        if n == local.len() {
            break;
        }
        let ty = ms.option_type(ev, &decl)?;
        if n + 1 == local.len() && matches!(ty.kind, Kind::Attrs { .. }) {
            return key_definitions(ev, &ms, &local[..n], &local[n]).map(Some);
        }
        let full = ms.loc(&local);
        let instance = ms
            .instances
            .borrow()
            .iter()
            .filter(|i| full.starts_with(&i.prefix))
            .max_by_key(|i| i.prefix.len())
            .cloned();
        let Some(instance) = instance else {
            return Ok(None);
        };
        local = full[instance.prefix.len()..].to_vec();
        ms = instance;
    }
    let mut defs = ms.defs_at(ev, &local)?;
    if let Some(default) = ms
        .option_state(&local)
        .and_then(|s| super::config::default_def(&s.decl))
    {
        defs.push(default);
    }
    Ok(Some(with_use(discharge_all(ev, &defs)?)))
}

/// Marks the definitions of the highest priority.
fn with_use(all: Vec<Resolved>) -> Vec<(Resolved, bool)> {
    let winning = all.iter().map(|d| d.def.effective_priority()).min();
    all.into_iter()
        .map(|d| {
            let used = Some(d.def.effective_priority()) == winning;
            (d, used)
        })
        .collect()
}

/// The definitions of one key of an `attrsOf` option: each definition of the option that
/// has the key contributes its value there.
fn key_definitions(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    option: &[Sym],
    key: &Sym,
) -> EvalResult<Vec<(Resolved, bool)>> {
    let state = ms.option_state(option).expect("an option");
    let mut defs = ms.defs_at(ev, option)?;
    defs.extend(super::config::default_def(&state.decl));
    let outer = with_use(discharge_all(ev, &defs)?);
    let mut inner = Vec::new();
    for (d, outer_used) in &outer {
        let Value::Attrs(a) = &d.value else { continue };
        let Some(attr) = a.get_attr(key) else {
            continue;
        };
        let def = inner_def(d, attr.value.clone(), attr.key_span);
        for r in discharge_all(ev, &[def])? {
            inner.push((r, *outer_used));
        }
    }
    let winning = inner
        .iter()
        .filter(|(_, outer_used)| *outer_used)
        .map(|(d, _)| d.def.effective_priority())
        .min();
    Ok(inner
        .into_iter()
        .map(|(d, outer_used)| {
            let used = outer_used && Some(d.def.effective_priority()) == winning;
            (d, used)
        })
        .collect())
}

fn definition_line(
    ev: &mut Evaluator<'_>,
    loader: &super::source::WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
    d: &Resolved,
    used: bool,
) -> String {
    let place = d
        .def
        .span
        .or(d.def.key_span)
        .or(d.def.origin.import_span)
        .and_then(|s| {
            let fs = super::report::flake_span(ev, loader, s)?;
            let (line, _) = ev.line_column(s);
            Some(format!("{}:{line}", fs.file))
        })
        .unwrap_or_else(|| root.ctx.relative(&d.def.file));
    let mut what = format!("priority {}", d.def.effective_priority());
    if d.def.is_default {
        what.push_str(" (default)");
    }
    if let Some(order) = d.def.order {
        what.push_str(&format!(", order {order}"));
    }
    if d.activity == Activity::Maybe {
        what.push_str(", under an unknown condition");
    }
    let mark = if used { '*' } else { ' ' };
    format!("{mark} {place}  {what}: {}\n", short_value(&d.value))
}
