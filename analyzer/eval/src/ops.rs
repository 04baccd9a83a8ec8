//! Operators: arithmetic, `+` on strings and paths, `++`, `//`, equality, ordering, and the
//! coercion of values to strings (interpolation, `toString`).
//!
//! An unknown operand makes the result unknown: the helpers raise [`unknown_operand`], which
//! the caller turns into an unknown value.

use std::rc::Rc;

use super::error::{other_error, type_error, ErrorKind, EvalError, EvalResult};
use super::eval::unknown_operand;
use super::print_error::{self, expected};
use super::value::*;
use super::Evaluator;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Sub,
    Mul,
    Div,
}

/// `-`, `*`, `/` (and `builtins.sub`, `mul`, `div`): ints stay ints, a float makes a float.
pub(crate) fn arith(ev: &Evaluator<'_>, op: Arith, a: &Value, b: &Value) -> EvalResult<Value> {
    let division_by_zero = || EvalError::new(ErrorKind::DivisionByZero, "division by zero");
    match (a, b) {
        (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Err(unknown_operand(u)),
        (Value::Int(x), Value::Int(y)) => {
            let (result, verb, sign) = match op {
                Arith::Sub => (x.checked_sub(*y), "subtracting", '-'),
                Arith::Mul => (x.checked_mul(*y), "multiplying", '*'),
                Arith::Div => {
                    if *y == 0 {
                        return Err(division_by_zero());
                    }
                    (x.checked_div(*y), "dividing", '/')
                }
            };
            result
                .map(Value::Int)
                .ok_or_else(|| integer_overflow(verb, *x, sign, *y))
        }
        (Value::Float(_), _) | (_, Value::Float(_)) => {
            let x = as_float(ev, a)?;
            let y = as_float(ev, b)?;
            Ok(Value::Float(match op {
                Arith::Sub => x - y,
                Arith::Mul => x * y,
                Arith::Div => {
                    if y == 0.0 {
                        return Err(division_by_zero());
                    }
                    x / y
                }
            }))
        }
        (Value::Int(_), other) | (other, _) => Err(expected(ev, other, "an integer")),
    }
}

/// Nix 2.25 and later: integer arithmetic that leaves 64 bits is an error (2.8 wrapped).
pub(crate) fn integer_overflow(verb: &str, x: i64, sign: char, y: i64) -> Box<EvalError> {
    other_error(format!("integer overflow in {verb} {x} {sign} {y}"))
}

fn as_float(ev: &Evaluator<'_>, v: &Value) -> EvalResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        other => Err(expected(ev, other, "a float")),
    }
}

/// `a ++ b`. An empty side returns the other list itself (Nix shares it too).
pub(crate) fn concat_lists(ev: &Evaluator<'_>, a: &Value, b: &Value) -> EvalResult<Value> {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            if x.is_empty() {
                return Ok(b.clone());
            }
            if y.is_empty() {
                return Ok(a.clone());
            }
            let mut items = Vec::with_capacity(x.len() + y.len());
            items.extend(x.iter().cloned());
            items.extend(y.iter().cloned());
            Ok(Value::list(items))
        }
        (Value::Unknown(u), _) | (_, Value::Unknown(u)) => {
            Ok(Unknown::value(u.reason.clone(), Shape::List))
        }
        (Value::List(_), other) | (other, _) => Err(expected(ev, other, "a list")),
    }
}

/// `a // b`. An empty side returns the other set itself (the same value, as in Nix).
pub(crate) fn update(ev: &Evaluator<'_>, a: &Value, b: &Value) -> EvalResult<Value> {
    match (a, b) {
        (Value::Attrs(x), Value::Attrs(y)) => {
            if y.is_empty() && y.open.is_none() {
                return Ok(a.clone());
            }
            if x.is_empty() && x.open.is_none() {
                return Ok(b.clone());
            }
            Ok(Value::attrs(x.update(y)))
        }
        (Value::Unknown(u), Value::Attrs(y)) => {
            // The known attributes of the right side win whatever the left side holds.
            let mut attrs = Attrs::clone(y);
            attrs.open = Some(u.reason.clone());
            Ok(Value::attrs(attrs))
        }
        (Value::Attrs(_), Value::Unknown(u)) | (Value::Unknown(u), Value::Unknown(_)) => {
            Ok(Unknown::value(u.reason.clone(), Shape::Attrs))
        }
        (Value::Attrs(_), other) | (other, _) => Err(expected(ev, other, "a set")),
    }
}

/// Strings longer than this stop the evaluation (doubling a string in a loop would
/// otherwise exhaust memory within a few dozen steps).
pub(crate) const MAX_STRING: usize = 64 * 1024 * 1024;

pub(crate) fn string_too_long() -> Box<EvalError> {
    EvalError::new(
        ErrorKind::Limit,
        format!("evaluation exceeded the string size limit of {MAX_STRING} bytes"),
    )
}

/// Lists longer than this stop the evaluation, for the same reason.
pub(crate) const MAX_LIST: usize = 1 << 24;

pub(crate) fn list_too_long() -> Box<EvalError> {
    EvalError::new(
        ErrorKind::Limit,
        format!("evaluation exceeded the list size limit of {MAX_LIST} elements"),
    )
}

/// Concatenates coerced pieces (each a string or an unknown string) into one value.
pub(crate) fn join_strings(pieces: Vec<Value>) -> EvalResult<Value> {
    let total: usize = pieces
        .iter()
        .map(|p| match p {
            Value::String(s) => s.text.len(),
            _ => 0,
        })
        .sum();
    if total > MAX_STRING {
        return Err(string_too_long());
    }
    if pieces.iter().all(|p| matches!(p, Value::String(_))) {
        let mut text = String::with_capacity(total);
        let mut context = None;
        for p in &pieces {
            if let Value::String(s) = p {
                text.push_str(&s.text);
                context = NixString::merge_context(&context, &s.context);
            }
        }
        return Ok(Value::String(NixString {
            text: text.into(),
            context,
        }));
    }
    let mut parts: Vec<StrPart> = Vec::new();
    let mut reason: Option<Sym> = None;
    let push_known = |parts: &mut Vec<StrPart>, text: &str| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(StrPart::Known(prev)) => *prev = format!("{prev}{text}").into(),
            _ => parts.push(StrPart::Known(text.into())),
        }
    };
    for p in pieces {
        match p {
            Value::String(s) => push_known(&mut parts, &s.text),
            Value::Unknown(u) => {
                reason.get_or_insert_with(|| u.reason.clone());
                match u.string_parts() {
                    Some(inner) => {
                        for part in inner {
                            match part {
                                StrPart::Known(t) => push_known(&mut parts, t),
                                StrPart::Unknown(r) => parts.push(StrPart::Unknown(r.clone())),
                            }
                        }
                    }
                    None => parts.push(StrPart::Unknown(u.reason.clone())),
                }
            }
            _ => {}
        }
    }
    Ok(Value::Unknown(Rc::new(Unknown {
        reason: reason.unwrap_or_else(|| "unknown".into()),
        span: None,
        shape: Shape::String(parts.into()),
    })))
}

impl Evaluator<'_> {
    /// `a + b`, following Nix: the left operand decides between number, path and string.
    pub(crate) fn add(&mut self, a: &Value, b: &Value) -> EvalResult<Value> {
        match a {
            Value::Int(x) => match b {
                Value::Int(y) => x
                    .checked_add(*y)
                    .map(Value::Int)
                    .ok_or_else(|| integer_overflow("adding", *x, '+', *y)),
                Value::Float(y) => Ok(Value::Float(*x as f64 + y)),
                Value::Unknown(u) => Err(unknown_operand(u)),
                other => Err(type_error(format!(
                    "cannot add {} to an integer",
                    other.show_type()
                ))),
            },
            Value::Float(x) => match b {
                Value::Int(y) => Ok(Value::Float(x + *y as f64)),
                Value::Float(y) => Ok(Value::Float(x + y)),
                Value::Unknown(u) => Err(unknown_operand(u)),
                other => Err(type_error(format!(
                    "cannot add {} to a float",
                    other.show_type()
                ))),
            },
            Value::Path(p) => {
                let suffix = self.coerce_to_string(b, false, false)?;
                match suffix {
                    Value::String(s) => {
                        if s.context.is_some() {
                            return Err(other_error(
                                "a string that refers to a store path cannot be appended to a path",
                            ));
                        }
                        let joined = format!("{p}{}", s.text);
                        Ok(Value::Path(super::path::canonicalize(&joined, "/").into()))
                    }
                    unknown => Ok(Unknown::value(
                        unknown_reason(&unknown).unwrap_or_else(|| "unknown".into()),
                        Shape::Path,
                    )),
                }
            }
            Value::Unknown(u) if !matches!(u.shape, Shape::String(_)) => {
                if matches!(b, Value::String(_)) {
                    let left = self.coerce_to_string(a, false, false)?;
                    self.join_strings(vec![left, b.clone()])
                } else {
                    Err(unknown_operand(u))
                }
            }
            _ => {
                let copy = matches!(a, Value::String(_) | Value::Unknown(_));
                let left = self.coerce_to_string(a, copy, false)?;
                let right = self.coerce_to_string(b, true, false)?;
                self.join_strings(vec![left, right])
            }
        }
    }

    /// Nix's `coerceToString`: strings, paths (copied to the store when `copy_to_store`),
    /// sets with `__toString` or `outPath`; with `coerce_more` (`toString`) also numbers,
    /// Booleans, null and lists. The result is a string or an unknown string.
    pub(crate) fn coerce_to_string(
        &mut self,
        v: &Value,
        copy_to_store: bool,
        coerce_more: bool,
    ) -> EvalResult<Value> {
        match v {
            Value::String(_) => Ok(v.clone()),
            Value::Path(p) => {
                if copy_to_store {
                    self.copy_to_store(p)
                } else {
                    Ok(Value::string(p.clone()))
                }
            }
            Value::Attrs(attrs) => {
                if let Some(f) = attrs.get("__toString") {
                    let f = self.force(&f.clone())?;
                    let span = attrs.span.unwrap_or(self.no_span());
                    let result = self.call(&f, super::thunk::Thunk::value(v.clone()), span)?;
                    return self.coerce_to_string(&result, copy_to_store, coerce_more);
                }
                if let Some(out) = attrs.get("outPath") {
                    let out = self.force(&out.clone())?;
                    return self.coerce_to_string(&out, copy_to_store, coerce_more);
                }
                // An open set's missing names are unknown: `outPath` may be one of them.
                if let Some(reason) = &attrs.open {
                    return self.coerce_to_string(
                        &Value::unknown(reason.clone()),
                        copy_to_store,
                        coerce_more,
                    );
                }
                Err(type_error(format!(
                    "cannot coerce a set to a string: {}",
                    print_error::show(self, v)
                )))
            }
            Value::Unknown(u) => Ok(match &u.shape {
                Shape::String(_) => v.clone(),
                _ => Value::Unknown(Rc::new(Unknown {
                    reason: u.reason.clone(),
                    span: u.span,
                    shape: Shape::String(vec![StrPart::Unknown(u.reason.clone())].into()),
                })),
            }),
            Value::Int(i) if coerce_more => Ok(Value::string(i.to_string())),
            Value::Float(f) if coerce_more => Ok(Value::string(format!("{f:.6}"))),
            Value::Bool(b) if coerce_more => Ok(Value::string(if *b { "1" } else { "" })),
            Value::Null if coerce_more => Ok(Value::string("")),
            Value::List(items) if coerce_more => {
                self.charge(items.len() as u64)?;
                let mut pieces = Vec::with_capacity(items.len() * 2);
                for (n, item) in items.iter().enumerate() {
                    let item = self.force(item)?;
                    let piece =
                        self.descend(|ev| ev.coerce_to_string(&item, copy_to_store, coerce_more))?;
                    pieces.push(piece);
                    let empty_list = matches!(&item, Value::List(l) if l.is_empty());
                    if n + 1 < items.len() && !empty_list {
                        pieces.push(Value::string(" "));
                    }
                }
                self.join_strings(pieces)
            }
            other => Err(type_error(format!(
                "cannot coerce {} to a string: {}",
                other.show_type(),
                print_error::show(self, other)
            ))),
        }
    }

    /// Nix's `==`: numbers across int and float, lists and sets structurally, derivations by
    /// `outPath`, functions never equal (unless the very same value slot).
    pub(crate) fn values_equal(&mut self, a: &Value, b: &Value) -> EvalResult<bool> {
        self.descend(|ev| ev.values_equal_inner(a, b))
    }

    fn values_equal_inner(&mut self, a: &Value, b: &Value) -> EvalResult<bool> {
        self.charge(1)?;
        Ok(match (a, b) {
            (Value::Unknown(u), _) | (_, Value::Unknown(u)) => return Err(unknown_operand(u)),
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => *x as f64 == *y,
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::String(x), Value::String(y)) => x.text == y.text,
            (Value::Path(x), Value::Path(y)) => x == y,
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                if Rc::ptr_eq(&x.0, &y.0) {
                    return Ok(true);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if !self.thunks_equal(p, q)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                if self.is_derivation(x)? && self.is_derivation(y)? {
                    if let (Some(p), Some(q)) = (x.get("outPath"), y.get("outPath")) {
                        return self.thunks_equal(&p.clone(), &q.clone());
                    }
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if p.name != q.name || !self.thunks_equal(&p.value, &q.value)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        })
    }

    fn thunks_equal(
        &mut self,
        a: &super::thunk::Thunk,
        b: &super::thunk::Thunk,
    ) -> EvalResult<bool> {
        if a.slot_id() == b.slot_id() {
            return Ok(true);
        }
        let x = self.force(a)?;
        let y = self.force(b)?;
        self.values_equal(&x, &y)
    }

    pub(crate) fn is_derivation(&mut self, attrs: &Attrs) -> EvalResult<bool> {
        match attrs.get("type") {
            Some(t) => {
                let t = self.force(&t.clone())?;
                Ok(matches!(&t, Value::String(s) if &*s.text == "derivation"))
            }
            None => Ok(false),
        }
    }

    /// Nix's `<` (`builtins.lessThan`): numbers, strings and paths by bytes, lists
    /// lexicographically; anything else cannot be compared.
    pub(crate) fn less_than(&mut self, a: &Value, b: &Value) -> EvalResult<bool> {
        self.charge(1)?;
        self.descend(|ev| ev.less_than_inner(a, b))
    }

    fn less_than_inner(&mut self, a: &Value, b: &Value) -> EvalResult<bool> {
        Ok(match (a, b) {
            (Value::Unknown(u), _) | (_, Value::Unknown(u)) => return Err(unknown_operand(u)),
            (Value::Int(x), Value::Int(y)) => x < y,
            (Value::Int(x), Value::Float(y)) => (*x as f64) < *y,
            (Value::Float(x), Value::Int(y)) => *x < *y as f64,
            (Value::Float(x), Value::Float(y)) => x < y,
            (Value::String(x), Value::String(y)) => x.text < y.text,
            (Value::Path(x), Value::Path(y)) => x < y,
            (Value::List(x), Value::List(y)) => {
                let mut i = 0;
                loop {
                    if i == y.len() {
                        return Ok(false);
                    }
                    if i == x.len() {
                        return Ok(true);
                    }
                    let p = self.force(&x.0[i])?;
                    let q = self.force(&y.0[i])?;
                    if !self.values_equal(&p, &q)? {
                        return self.less_than(&p, &q);
                    }
                    i += 1;
                }
            }
            _ => {
                let (ta, tb) = (a.show_type(), b.show_type());
                let (va, vb) = (print_error::show(self, a), print_error::show(self, b));
                let same_type = std::mem::discriminant(a) == std::mem::discriminant(b);
                return Err(type_error(if same_type {
                    format!(
                        "cannot compare {ta} with {tb}; values of that type are incomparable (values are {va} and {vb})"
                    )
                } else {
                    format!("cannot compare {ta} with {tb}; values are {va} and {vb}")
                }));
            }
        })
    }
}

fn unknown_reason(v: &Value) -> Option<Sym> {
    match v {
        Value::Unknown(u) => Some(u.reason.clone()),
        _ => None,
    }
}
