//! Arithmetic builtins (`+` and friends are operators; these are their named forms).

use super::*;
use crate::ops::{self, Arith};

pub(super) const BUILTINS: &[Entry] = &[
    ("add", 2, add),
    ("sub", 2, sub),
    ("mul", 2, mul),
    ("div", 2, div),
    ("bitAnd", 2, bit_and),
    ("bitOr", 2, bit_or),
    ("bitXor", 2, bit_xor),
    ("ceil", 1, ceil),
    ("floor", 1, floor),
    ("lessThan", 2, less_than),
];

/// Both operands as numbers (an int and a float make floats).
fn numbers(ev: &mut Evaluator<'_>, args: &[Thunk]) -> EvalResult<(Value, Value)> {
    let a = ev.force(&args[0])?;
    let b = ev.force(&args[1])?;
    if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
        let x = expect_float(ev, &args[0])?;
        let y = expect_float(ev, &args[1])?;
        return Ok((Value::Float(x), Value::Float(y)));
    }
    let x = expect_int(ev, &args[0])?;
    let y = expect_int(ev, &args[1])?;
    Ok((Value::Int(x), Value::Int(y)))
}

fn add(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let (a, b) = numbers(ev, args)?;
    ev.add(&a, &b)
}

fn sub(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let (a, b) = numbers(ev, args)?;
    ops::arith(ev, Arith::Sub, &a, &b)
}

fn mul(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let (a, b) = numbers(ev, args)?;
    ops::arith(ev, Arith::Mul, &a, &b)
}

fn div(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let (a, b) = numbers(ev, args)?;
    ops::arith(ev, Arith::Div, &a, &b)
}

fn bit_and(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(Value::Int(
        expect_int(ev, &args[0])? & expect_int(ev, &args[1])?,
    ))
}

fn bit_or(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(Value::Int(
        expect_int(ev, &args[0])? | expect_int(ev, &args[1])?,
    ))
}

fn bit_xor(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(Value::Int(
        expect_int(ev, &args[0])? ^ expect_int(ev, &args[1])?,
    ))
}

fn ceil(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let x = expect_float(ev, &args[0])?;
    to_int(x, x.ceil())
}

fn floor(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let x = expect_float(ev, &args[0])?;
    to_int(x, x.floor())
}

/// A whole float as an integer; since Nix 2.29 one out of the 64-bit range is an error
/// (a cast would saturate silently).
fn to_int(argument: f64, whole: f64) -> EvalResult<Value> {
    // 2^63 is exactly representable; every float below it and at or above -2^63 fits.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if (-LIMIT..LIMIT).contains(&whole) {
        return Ok(Value::Int(whole as i64));
    }
    Err(crate::error::other_error(format!(
        "NixFloat argument {} is not in the range of NixInt",
        crate::print::format_float(argument)
    )))
}

fn less_than(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let a = ev.force(&args[0])?;
    let b = ev.force(&args[1])?;
    Ok(Value::Bool(ev.less_than(&a, &b)?))
}
