//! Type predicates and `typeOf`. An unknown of a known shape answers them; otherwise the
//! answer is unknown.

use super::*;

pub(super) const BUILTINS: &[Entry] = &[
    ("isAttrs", 1, is_attrs),
    ("isBool", 1, is_bool),
    ("isFloat", 1, is_float),
    ("isFunction", 1, is_function),
    ("isInt", 1, is_int),
    ("isList", 1, is_list),
    ("isNull", 1, is_null),
    ("isPath", 1, is_path),
    ("isString", 1, is_string),
    ("typeOf", 1, type_of),
];

/// The type name of a value, `None` for an unknown of unknown shape.
fn type_name(v: &Value) -> Option<&'static str> {
    match v {
        Value::Unknown(u) => match u.shape {
            Shape::Any => None,
            Shape::Bool => Some("bool"),
            Shape::Int => Some("int"),
            Shape::Float => Some("float"),
            Shape::String(_) => Some("string"),
            Shape::Path => Some("path"),
            Shape::List => Some("list"),
            Shape::Attrs => Some("set"),
            Shape::Function => Some("lambda"),
        },
        v => Some(v.type_of()),
    }
}

fn is(ev: &mut Evaluator<'_>, t: &Thunk, name: &str) -> EvalResult<Value> {
    let v = ev.force(t)?;
    match type_name(&v) {
        Some(n) => Ok(Value::Bool(n == name)),
        None => Ok(Unknown::value(
            match &v {
                Value::Unknown(u) => u.reason.clone(),
                _ => "unknown".into(),
            },
            Shape::Bool,
        )),
    }
}

fn is_attrs(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "set")
}
fn is_bool(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "bool")
}
fn is_float(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "float")
}
fn is_function(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "lambda")
}
fn is_int(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "int")
}
fn is_list(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "list")
}
fn is_null(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "null")
}
fn is_path(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "path")
}
fn is_string(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    is(ev, &a[0], "string")
}

fn type_of(ev: &mut Evaluator<'_>, a: &[Thunk], _: Span) -> EvalResult<Value> {
    let v = ev.force(&a[0])?;
    match type_name(&v) {
        Some(n) => Ok(str_value(n)),
        None => Ok(Unknown::value(
            match &v {
                Value::Unknown(u) => u.reason.clone(),
                _ => "unknown".into(),
            },
            Shape::String(unknown_parts("type")),
        )),
    }
}
