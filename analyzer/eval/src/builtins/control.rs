//! Control and debugging builtins: `throw`, `abort`, `seq`, `deepSeq`, `tryEval`, `trace`.

use super::*;
use crate::error::{ErrorKind, EvalError};

pub(super) const BUILTINS: &[Entry] = &[
    ("abort", 1, abort),
    ("addErrorContext", 2, add_error_context),
    ("deepSeq", 2, deep_seq),
    ("seq", 2, seq),
    ("throw", 1, throw),
    ("trace", 2, trace),
    ("tryEval", 1, try_eval),
];

/// The message of `throw`/`abort`; an unknown part is shown as such (and marks the error).
fn message(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<(String, bool)> {
    let v = ev.force(t)?;
    match ev.coerce_to_string(&v, false, false)? {
        Value::String(s) => Ok((s.text.to_string(), false)),
        other => Ok((crate::print::print_value(&other), true)),
    }
}

fn abort(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let (msg, unknown) = message(ev, &args[0])?;
    let mut e = EvalError::new(
        ErrorKind::Abort,
        format!("evaluation aborted with the following error message: '{msg}'"),
    );
    e.involves_unknown = unknown;
    Err(e)
}

fn throw(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let (msg, unknown) = message(ev, &args[0])?;
    let mut e = EvalError::new(ErrorKind::Throw, msg);
    e.involves_unknown = unknown;
    Err(e)
}

fn add_error_context(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    ev.force(&args[1]).map_err(|mut e| {
        if let Some(Value::String(s)) = args[0].peek() {
            e.trace.push((span, s.text.to_string()));
        }
        e
    })
}

fn seq(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    ev.force(&args[0])?;
    ev.force(&args[1])
}

fn deep_seq(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let v = ev.force(&args[0])?;
    ev.deep_force(&v)?;
    ev.force(&args[1])
}

fn trace(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let v = ev.force(&args[0])?;
    let text = match &v {
        Value::String(s) => format!("trace: {}", s.text),
        other => format!("trace: {}", crate::print::print_value(other)),
    };
    ev.emit_trace(&text);
    ev.force(&args[1])
}

fn try_eval(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    match ev.force(&args[0]) {
        Ok(v) => Ok(attrs_value(vec![
            ("success", Value::Bool(true)),
            ("value", v),
        ])),
        Err(e) if e.kind.is_catchable() => Ok(attrs_value(vec![
            ("success", Value::Bool(false)),
            ("value", Value::Bool(false)),
        ])),
        Err(e) => Err(e),
    }
}
