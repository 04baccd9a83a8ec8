//! Builtins on lists.

use std::collections::{BTreeMap, HashSet};

use super::*;
use crate::error::{other_error, ErrorKind, EvalError};

pub(super) const BUILTINS: &[Entry] = &[
    ("all", 2, all),
    ("any", 2, any),
    ("concatLists", 1, concat_lists),
    ("concatMap", 2, concat_map),
    ("elem", 2, elem),
    ("elemAt", 2, elem_at),
    ("filter", 2, filter),
    ("foldl'", 3, foldl),
    ("genList", 2, gen_list),
    ("genericClosure", 1, generic_closure),
    ("groupBy", 2, group_by),
    ("head", 1, head),
    ("length", 1, length),
    ("map", 2, map),
    ("partition", 2, partition),
    ("sort", 2, sort),
    ("tail", 1, tail),
];

fn predicate(ev: &mut Evaluator<'_>, f: &Value, item: &Thunk, span: Span) -> EvalResult<bool> {
    let r = ev.call(f, item.clone(), span)?;
    bool_result(ev, &r)
}

fn all(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    for item in expect_list(ev, &args[1])?.iter() {
        if !predicate(ev, &f, item, span)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn any(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    for item in expect_list(ev, &args[1])?.iter() {
        if predicate(ev, &f, item, span)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// Concatenates lists; when only one is non-empty, that list itself is the result.
fn concat(lists: Vec<List>) -> Value {
    let non_empty: Vec<&List> = lists.iter().filter(|l| !l.is_empty()).collect();
    match non_empty.as_slice() {
        [] => Value::list(Vec::new()),
        [one] => Value::List((*one).clone()),
        many => Value::list(many.iter().flat_map(|l| l.iter().cloned()).collect()),
    }
}

/// Appends one part of a concatenation, failing once the parts together exceed the list bound.
fn push_bounded(
    ev: &mut Evaluator<'_>,
    lists: &mut Vec<List>,
    total: &mut usize,
    list: List,
) -> EvalResult<()> {
    *total += list.len();
    if *total > crate::ops::MAX_LIST {
        return Err(crate::ops::list_too_long());
    }
    ev.charge(list.len() as u64)?;
    lists.push(list);
    Ok(())
}

fn concat_lists(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let outer = expect_list(ev, &args[0])?;
    let mut total = 0;
    let mut lists = Vec::with_capacity(outer.len());
    for item in outer.iter() {
        let list = expect_list(ev, item)?;
        push_bounded(ev, &mut lists, &mut total, list)?;
    }
    Ok(concat(lists))
}

fn concat_map(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    let list = expect_list(ev, &args[1])?;
    let mut total = 0;
    let mut lists = Vec::with_capacity(list.len());
    for item in list.iter() {
        let r = ev.call(&f, item.clone(), span)?;
        let list = expect_list(ev, &Thunk::value(r))?;
        push_bounded(ev, &mut lists, &mut total, list)?;
    }
    Ok(concat(lists))
}

fn elem(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let x = ev.force(&args[0])?;
    let mut unknown = None;
    for item in expect_list(ev, &args[1])?.iter() {
        let y = ev.force(item)?;
        match ev.values_equal(&x, &y) {
            Ok(true) => return Ok(Value::Bool(true)),
            Ok(false) => {}
            Err(e) if e.involves_unknown => unknown = Some(e),
            Err(e) => return Err(e),
        }
    }
    match unknown {
        Some(e) => Err(e),
        None => Ok(Value::Bool(false)),
    }
}

/// `head []` and `tail []` (texts of Nix 2.26).
fn called_on_empty_list(builtin: &str) -> Box<EvalError> {
    EvalError::new(
        ErrorKind::Index,
        format!("'builtins.{builtin}' called on an empty list"),
    )
}

fn elem_at(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let list = expect_list(ev, &args[0])?;
    let i = expect_int(ev, &args[1])?;
    let item = usize::try_from(i)
        .ok()
        .and_then(|i| list.get(i).cloned())
        .ok_or_else(|| {
            EvalError::new(
                ErrorKind::Index,
                format!(
                    "'builtins.elemAt' called with index {i} on a list of size {}",
                    list.len()
                ),
            )
        })?;
    ev.force(&item)
}

fn filter(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    let list = expect_list(ev, &args[1])?;
    let mut kept = Vec::with_capacity(list.len());
    for item in list.iter() {
        if predicate(ev, &f, item, span)? {
            kept.push(item.clone());
        }
    }
    if kept.len() == list.len() {
        return Ok(Value::List(list));
    }
    Ok(Value::list(kept))
}

fn foldl(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    let list = expect_list(ev, &args[2])?;
    let mut acc = args[1].clone();
    for item in list.iter() {
        let v = ev.call_many(&f, &[acc, item.clone()], span)?;
        acc = Thunk::value(v);
    }
    ev.force(&acc)
}

fn gen_list(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = ev.force(&args[0])?;
    let n = expect_int(ev, &args[1])?;
    if n < 0 {
        return Err(other_error(format!("cannot create list of size {n}")));
    }
    ev.charge_list(n as usize)?;
    Ok(Value::list(
        (0..n)
            .map(|i| Thunk::apply(f.clone(), vec![Thunk::value(Value::Int(i))], span))
            .collect(),
    ))
}

/// A hashable form of simple keys; other keys are compared with `==` one by one.
fn key_form(v: &Value) -> Option<String> {
    match v {
        Value::Int(i) => Some(format!("i{i}")),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("i{}", *f as i64)),
        Value::String(s) => Some(format!("s{}", s.text)),
        Value::Path(p) => Some(format!("p{p}")),
        Value::Bool(b) => Some(format!("b{b}")),
        Value::Null => Some("n".into()),
        _ => None,
    }
}

/// `genericClosure { startSet; operator; }`, as Nix 2.13 and later: an empty `startSet`
/// is `[]` without reading `operator`; keys are ordered by Nix's `<`, so keys of two
/// types, or of a type `<` cannot order (sets, Booleans...), are an error once two meet.
fn generic_closure(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let spec = expect_attrs(ev, &args[0])?;
    let required = |name: &str| {
        spec.get(name)
            .cloned()
            .ok_or_else(|| other_error(format!("attribute '{name}' missing")))
    };
    let start = expect_list(ev, &required("startSet")?)?;
    if start.is_empty() {
        return Ok(Value::list(Vec::new()));
    }
    let operator = expect_function(ev, &required("operator")?)?;
    let mut queue: std::collections::VecDeque<Thunk> = start.iter().cloned().collect();
    let mut seen_simple: HashSet<String> = HashSet::new();
    let mut seen_other: Vec<Value> = Vec::new();
    let mut first_key: Option<Value> = None;
    let mut result = Vec::new();
    while let Some(item) = queue.pop_front() {
        let attrs = expect_attrs(ev, &item)?;
        let key = attrs
            .get("key")
            .cloned()
            .ok_or_else(|| other_error("attribute 'key' missing"))?;
        let key = ev.force(&key)?;
        match &first_key {
            None => first_key = Some(key.clone()),
            Some(first) => {
                if key_class(first) != key_class(&key) || key_class(&key) == KeyClass::Unordered {
                    // Nix's ordering rejects the pair: its error is the one to give.
                    ev.less_than(&key, first)?;
                }
            }
        }
        let new = match key_form(&key) {
            Some(form) => seen_simple.insert(form),
            None => {
                let mut found = false;
                for k in &seen_other {
                    if ev.values_equal(k, &key)? {
                        found = true;
                        break;
                    }
                }
                if !found {
                    seen_other.push(key);
                }
                !found
            }
        };
        if !new {
            continue;
        }
        result.push(item.clone());
        let next = ev.call(&operator, item, span)?;
        let next = expect_list(ev, &Thunk::value(next))?;
        ev.charge(next.len() as u64)?;
        queue.extend(next.iter().cloned());
    }
    Ok(Value::list(result))
}

/// What Nix's `<` can order among itself: numbers (ints and floats together), strings,
/// paths, lists; anything else is unordered.
#[derive(PartialEq, Eq)]
enum KeyClass {
    Number,
    String,
    Path,
    List,
    Unknown,
    Unordered,
}

fn key_class(v: &Value) -> KeyClass {
    match v {
        Value::Int(_) | Value::Float(_) => KeyClass::Number,
        Value::String(_) => KeyClass::String,
        Value::Path(_) => KeyClass::Path,
        Value::List(_) => KeyClass::List,
        Value::Unknown(_) => KeyClass::Unknown,
        _ => KeyClass::Unordered,
    }
}

fn group_by(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    let list = expect_list(ev, &args[1])?;
    let mut groups: BTreeMap<Sym, Vec<Thunk>> = BTreeMap::new();
    for item in list.iter() {
        let key = ev.call(&f, item.clone(), span)?;
        let key = expect_string(ev, &Thunk::value(key))?;
        groups.entry(key.text).or_default().push(item.clone());
    }
    Ok(Value::attrs(Attrs::from_sorted(
        groups
            .into_iter()
            .map(|(name, items)| Attr {
                name,
                value: Thunk::value(Value::list(items)),
                key_span: None,
            })
            .collect(),
    )))
}

fn head(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let list = expect_list(ev, &args[0])?;
    let first = list
        .get(0)
        .cloned()
        .ok_or_else(|| called_on_empty_list("head"))?;
    ev.force(&first)
}

fn length(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(Value::Int(expect_list(ev, &args[0])?.len() as i64))
}

fn map(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = ev.force(&args[0])?;
    let list = expect_list(ev, &args[1])?;
    Ok(Value::list(
        list.iter()
            .map(|item| Thunk::apply(f.clone(), vec![item.clone()], span))
            .collect(),
    ))
}

fn partition(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    let list = expect_list(ev, &args[1])?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for item in list.iter() {
        if predicate(ev, &f, item, span)? {
            right.push(item.clone());
        } else {
            wrong.push(item.clone());
        }
    }
    Ok(attrs_value(vec![
        ("right", Value::list(right)),
        ("wrong", Value::list(wrong)),
    ]))
}

/// A stable merge sort with a comparator that may fail.
fn sort(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    let list = expect_list(ev, &args[1])?;
    let mut items: Vec<Thunk> = list.iter().cloned().collect();
    for item in &items {
        ev.force(item)?;
    }
    let mut less = |a: &Thunk, b: &Thunk| -> EvalResult<bool> {
        let r = ev.call_many(&f, &[a.clone(), b.clone()], span)?;
        bool_result(ev, &r)
    };
    let mut buffer = items.clone();
    merge_sort(&mut items, &mut buffer, &mut less)?;
    Ok(Value::list(items))
}

fn merge_sort(
    items: &mut [Thunk],
    buffer: &mut [Thunk],
    less: &mut dyn FnMut(&Thunk, &Thunk) -> EvalResult<bool>,
) -> EvalResult<()> {
    let n = items.len();
    if n <= 1 {
        return Ok(());
    }
    let mid = n / 2;
    merge_sort(&mut items[..mid], &mut buffer[..mid], less)?;
    merge_sort(&mut items[mid..], &mut buffer[mid..], less)?;
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        // Take from the right only when it is strictly smaller: stability.
        if less(&items[j], &items[i])? {
            buffer[k] = items[j].clone();
            j += 1;
        } else {
            buffer[k] = items[i].clone();
            i += 1;
        }
        k += 1;
    }
    while i < mid {
        buffer[k] = items[i].clone();
        i += 1;
        k += 1;
    }
    while j < n {
        buffer[k] = items[j].clone();
        j += 1;
        k += 1;
    }
    items.clone_from_slice(&buffer[..n]);
    Ok(())
}

fn tail(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let list = expect_list(ev, &args[0])?;
    if list.is_empty() {
        return Err(called_on_empty_list("tail"));
    }
    Ok(Value::list(list.iter().skip(1).cloned().collect()))
}
