//! Builtins on attribute sets.

use std::collections::BTreeMap;

use super::*;
use crate::error::{ErrorKind, EvalError};
use crate::ir::Param;

pub(super) const BUILTINS: &[Entry] = &[
    ("attrNames", 1, attr_names),
    ("attrValues", 1, attr_values),
    ("catAttrs", 2, cat_attrs),
    ("functionArgs", 1, function_args),
    ("getAttr", 2, get_attr),
    ("hasAttr", 2, has_attr),
    ("intersectAttrs", 2, intersect_attrs),
    ("listToAttrs", 1, list_to_attrs),
    ("mapAttrs", 2, map_attrs),
    ("removeAttrs", 2, remove_attrs),
    ("unsafeGetAttrPos", 2, unsafe_get_attr_pos),
    ("zipAttrsWith", 2, zip_attrs_with),
];

fn open_unknown(attrs: &Attrs, shape: Shape) -> Option<Value> {
    attrs
        .open
        .as_ref()
        .map(|reason| Unknown::value(reason.clone(), shape))
}

fn attr_names(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let attrs = expect_attrs(ev, &args[0])?;
    if let Some(u) = open_unknown(&attrs, Shape::List) {
        return Ok(u);
    }
    Ok(list_value(
        attrs.iter().map(|a| str_value(a.name.clone())).collect(),
    ))
}

fn attr_values(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let attrs = expect_attrs(ev, &args[0])?;
    if let Some(u) = open_unknown(&attrs, Shape::List) {
        return Ok(u);
    }
    Ok(Value::list(attrs.iter().map(|a| a.value.clone()).collect()))
}

fn cat_attrs(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let name = expect_string(ev, &args[0])?;
    let list = expect_list(ev, &args[1])?;
    let mut out = Vec::new();
    for item in list.iter() {
        let attrs = expect_attrs(ev, item)?;
        if let Some(t) = attrs.get(&name.text) {
            out.push(t.clone());
        }
    }
    Ok(Value::list(out))
}

fn function_args(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let f = expect_function(ev, &args[0])?;
    let Value::Lambda(closure) = &f else {
        return Ok(Value::attrs(Attrs::empty()));
    };
    match &closure.def.param {
        Param::Ident(_) => Ok(Value::attrs(Attrs::empty())),
        Param::Formals { formals, .. } => Ok(attrs_value(
            formals
                .iter()
                .map(|f| (&*f.name, Value::Bool(f.default.is_some())))
                .collect(),
        )),
    }
}

fn get_attr(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let name = expect_string(ev, &args[0])?;
    let attrs = expect_attrs(ev, &args[1])?;
    match attrs.get(&name.text) {
        Some(t) => ev.force(&t.clone()),
        None => match open_unknown(&attrs, Shape::Any) {
            Some(u) => Ok(u),
            None => Err(EvalError::new(
                ErrorKind::MissingAttr,
                format!("attribute '{}' missing for call to 'getAttr'", name.text),
            )),
        },
    }
}

fn has_attr(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let name = expect_string(ev, &args[0])?;
    let attrs = expect_attrs(ev, &args[1])?;
    if attrs.contains(&name.text) {
        return Ok(Value::Bool(true));
    }
    Ok(open_unknown(&attrs, Shape::Bool).unwrap_or(Value::Bool(false)))
}

fn intersect_attrs(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let left = expect_attrs(ev, &args[0])?;
    let right = expect_attrs(ev, &args[1])?;
    let entries = right
        .iter()
        .filter(|a| left.contains(&a.name))
        .cloned()
        .collect();
    Ok(Value::attrs(Attrs::from_sorted(entries)))
}

fn list_to_attrs(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let list = expect_list(ev, &args[0])?;
    let mut entries = Vec::with_capacity(list.len());
    for item in list.iter() {
        let attrs = expect_attrs(ev, item)?;
        let missing = |what: &str| {
            EvalError::new(
                ErrorKind::MissingAttr,
                format!("attribute '{what}' missing for call to 'listToAttrs'"),
            )
        };
        let name_thunk = attrs.get("name").cloned().ok_or_else(|| missing("name"))?;
        let name = expect_string(ev, &name_thunk)?;
        let value = attrs
            .get("value")
            .cloned()
            .ok_or_else(|| missing("value"))?;
        entries.push(Attr {
            name: name.text,
            value,
            // The key is written where the name's value is (a literal in a list given to
            // `map`), not at the `name = ...;` of the function that makes the pairs.
            key_span: name_thunk
                .span()
                .or_else(|| attrs.get_attr("name").and_then(|a| a.key_span)),
        });
    }
    // Stable sort keeps the first of equal names, which `from_unsorted` keeps.
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

fn map_attrs(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = ev.force(&args[0])?;
    let attrs = expect_attrs(ev, &args[1])?;
    let entries = attrs
        .iter()
        .map(|a| Attr {
            name: a.name.clone(),
            value: Thunk::apply(
                f.clone(),
                vec![Thunk::value(str_value(a.name.clone())), a.value.clone()],
                span,
            ),
            // Nix gives the new attributes no position (`unsafeGetAttrPos` is null).
            key_span: None,
        })
        .collect();
    let mut out = Attrs::from_sorted(entries).with_span(attrs.span);
    out.open = attrs.open.clone();
    Ok(Value::attrs(out))
}

fn remove_attrs(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let attrs = expect_attrs(ev, &args[0])?;
    let names = expect_list(ev, &args[1])?;
    let mut remove = Vec::with_capacity(names.len());
    for n in names.iter() {
        remove.push(expect_string(ev, n)?.text);
    }
    Ok(Value::attrs(attrs.filtered(|a| !remove.contains(&a.name))))
}

fn unsafe_get_attr_pos(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let name = expect_string(ev, &args[0])?;
    let attrs = expect_attrs(ev, &args[1])?;
    let Some(span) = attrs.get_attr(&name.text).and_then(|a| a.key_span) else {
        return Ok(Value::Null);
    };
    let (line, column) = ev.line_column(span);
    let file = ev.file_path(span.file).to_string_lossy().into_owned();
    Ok(attrs_value(vec![
        ("file", str_value(file)),
        ("line", Value::Int(line as i64)),
        ("column", Value::Int(column as i64)),
    ]))
}

fn zip_attrs_with(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let f = ev.force(&args[0])?;
    let list = expect_list(ev, &args[1])?;
    let mut grouped: BTreeMap<Sym, Vec<Thunk>> = BTreeMap::new();
    for item in list.iter() {
        let attrs = expect_attrs(ev, item)?;
        for a in attrs.iter() {
            grouped
                .entry(a.name.clone())
                .or_default()
                .push(a.value.clone());
        }
    }
    let entries = grouped
        .into_iter()
        .map(|(name, values)| Attr {
            name: name.clone(),
            value: Thunk::apply(
                f.clone(),
                vec![
                    Thunk::value(str_value(name)),
                    Thunk::value(Value::list(values)),
                ],
                span,
            ),
            key_span: None,
        })
        .collect();
    Ok(Value::attrs(Attrs::from_sorted(entries)))
}
