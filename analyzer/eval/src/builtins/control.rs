//! Control and debugging builtins: `throw`, `abort`, `seq`, `deepSeq`, `tryEval`, `trace`,
//! and those of later Nix: `break` (2.9), `traceVerbose` (2.10), `warn` (2.23).

use super::*;
use crate::error::{ErrorKind, EvalError};

pub(super) const BUILTINS: &[Entry] = &[
    ("abort", 1, abort),
    ("addErrorContext", 2, add_error_context),
    ("break", 1, break_),
    ("deepSeq", 2, deep_seq),
    ("seq", 2, seq),
    ("throw", 1, throw),
    ("trace", 2, trace),
    ("traceVerbose", 2, trace_verbose),
    ("tryEval", 1, try_eval),
    ("warn", 2, warn),
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

/// `addErrorContext msg v`: `v`; an error while forcing it gets the frame `msg`, which is
/// evaluated only then (as Nix does; a failure to evaluate it leaves the error as it was).
fn add_error_context(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let mut e = match ev.force(&args[1]) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    if let Ok(Value::String(s)) = ev
        .force(&args[0])
        .and_then(|v| ev.coerce_to_string(&v, false, false))
    {
        e.trace.push((span, s.text.to_string()));
    }
    Err(e)
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

/// `break v` outside a debugger (`--debugger` is never on): `v`, forced.
fn break_(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    ev.force(&args[0])
}

/// `traceVerbose msg v` without `--trace-verbose`: `v`; the message is never evaluated.
fn trace_verbose(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    ev.force(&args[1])
}

/// `warn msg v`: prints `evaluation warning: msg` (later lines indented under the first),
/// then returns `v`; with `abort-on-warn` it aborts instead, uncatchably, as Nix does.
fn warn(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let msg = expect_string(ev, &args[0])?;
    let text = msg.text.replace('\n', "\n                    ");
    ev.emit_trace(&format!("evaluation warning: {text}"));
    if ev.options.abort_on_warn {
        return Err(EvalError::new(
            ErrorKind::Abort,
            "aborting to reveal stack trace of warning, as abort-on-warn is set",
        ));
    }
    ev.force(&args[1])
}
