//! The builtins: every pure builtin of Nix 2.x, and unknowns of the right shape for the
//! impure ones (fetchers, `derivation`, `currentSystem`, `getEnv`...).
//!
//! Each submodule groups builtins by what they work on. A builtin receives its arguments as
//! thunks and forces what it needs through the `expect_*` helpers below; an unknown argument
//! makes the helper fail with an internal marker that turns the builtin's result into an
//! unknown, so no builtin has to handle unknowns by itself.

mod attrs;
mod control;
mod derivation;
mod fetch;
pub use fetch::Fetched;
mod flakeref;
mod hashes;
mod impure;
mod io;
mod json;
mod lists;
mod math;
mod regex;
mod strings;
mod types;
mod versions;
mod xml;

use std::collections::HashMap;
use std::rc::Rc;

use super::error::EvalResult;
use super::thunk::Thunk;
use super::value::*;
use super::Evaluator;

pub(crate) use derivation::{wrapper_source as derivation_wrapper_source, DrvRecord};

/// The signature of a builtin's implementation.
pub(crate) type Builtin = fn(&mut Evaluator<'_>, &[Thunk], Span) -> EvalResult<Value>;

/// One entry of the builtin table: name, arity, implementation.
pub(crate) type Entry = (&'static str, usize, Builtin);

fn all_entries() -> Vec<Entry> {
    let mut all = Vec::new();
    all.extend_from_slice(attrs::BUILTINS);
    all.extend_from_slice(control::BUILTINS);
    all.extend_from_slice(derivation::BUILTINS);
    all.extend_from_slice(flakeref::BUILTINS);
    all.extend_from_slice(hashes::BUILTINS);
    all.extend_from_slice(impure::BUILTINS);
    all.extend_from_slice(io::BUILTINS);
    all.extend_from_slice(json::BUILTINS);
    all.extend_from_slice(lists::BUILTINS);
    all.extend_from_slice(math::BUILTINS);
    all.extend_from_slice(regex::BUILTINS);
    all.extend_from_slice(strings::BUILTINS);
    all.extend_from_slice(types::BUILTINS);
    all.extend_from_slice(versions::BUILTINS);
    all.extend_from_slice(xml::BUILTINS);
    all
}

/// The global scope: `builtins`, `true`/`false`/`null`, the prefix-free builtins and
/// `__name` for every builtin.
pub(crate) fn globals(options: &crate::Options) -> HashMap<Sym, Value> {
    let mut members: Vec<Attr> = Vec::new();
    let mut globals: HashMap<Sym, Value> = HashMap::new();
    let mut add = |name: &str, value: Value| {
        members.push(Attr {
            name: name.into(),
            value: Thunk::value(value.clone()),
            key_span: None,
        });
        globals.insert(format!("__{name}").into(), value.clone());
        if qg_syntax::GLOBAL_NAMES.contains(&name) || UNPREFIXED_SINCE_2_8.contains(&name) {
            globals.insert(name.into(), value);
        }
    };
    for (name, arity, f) in all_entries() {
        add(
            name,
            Value::PrimOp(Rc::new(PrimOp {
                name: name.into(),
                arity,
                func: Rc::new(f),
            })),
        );
    }
    for (name, value) in constants(options) {
        add(name, value);
    }
    // `builtins.builtins` is the set itself; the evaluator breaks this cycle when dropped.
    let itself = Thunk::value(Value::Null);
    members.push(Attr {
        name: "builtins".into(),
        value: itself.clone(),
        key_span: None,
    });
    let builtins = Value::attrs(Attrs::from_unsorted(members));
    *itself.0.state.borrow_mut() = crate::thunk::ThunkState::Done(builtins.clone());
    globals.insert("builtins".into(), builtins);
    globals.insert("true".into(), Value::Bool(true));
    globals.insert("false".into(), Value::Bool(false));
    globals.insert("null".into(), Value::Null);
    globals
}

/// Builtins in scope without `builtins.` that Nix added after the syntax crate's list
/// (2.8's globals): `break` (2.9).
const UNPREFIXED_SINCE_2_8: &[&str] = &["break"];

/// The version of Nix whose semantics qg implements (nixpkgs' lib refuses < 2.18).
pub const NIX_VERSION: &str = "2.35.2";

fn constants(options: &crate::Options) -> Vec<(&'static str, Value)> {
    let mut constants = vec![
        ("true", Value::Bool(true)),
        ("false", Value::Bool(false)),
        ("null", Value::Null),
        ("langVersion", Value::Int(6)),
        ("nixVersion", Value::string(NIX_VERSION)),
        ("storeDir", Value::string("/nix/store")),
        ("nixPath", Unknown::value("builtins.nixPath", Shape::List)),
    ];
    if options.impure_builtins == crate::ImpureBuiltins::Unknown {
        constants.push((
            "currentSystem",
            Unknown::value(
                "builtins.currentSystem",
                Shape::String(unknown_parts("builtins.currentSystem")),
            ),
        ));
        constants.push((
            "currentTime",
            Unknown::value("builtins.currentTime", Shape::Int),
        ));
    }
    constants
}

pub(crate) fn unknown_parts(reason: &str) -> Rc<[StrPart]> {
    vec![StrPart::Unknown(reason.into())].into()
}

// ---- helpers for builtins -------------------------------------------------------------

fn expected(ev: &Evaluator<'_>, v: &Value, what: &str) -> Box<super::error::EvalError> {
    super::print_error::expected(ev, v, what)
}

pub(crate) fn expect_int(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<i64> {
    match ev.force(t)? {
        Value::Int(i) => Ok(i),
        v => Err(expected(ev, &v, "an integer")),
    }
}

/// An int or a float, as a float (`forceFloat`).
pub(crate) fn expect_float(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<f64> {
    match ev.force(t)? {
        Value::Int(i) => Ok(i as f64),
        Value::Float(f) => Ok(f),
        v => Err(expected(ev, &v, "a float")),
    }
}

pub(crate) fn bool_result(ev: &Evaluator<'_>, v: &Value) -> EvalResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        v => Err(expected(ev, v, "a Boolean")),
    }
}

/// A string (and only a string: `forceString`).
pub(crate) fn expect_string(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<NixString> {
    match ev.force(t)? {
        Value::String(s) => Ok(s),
        v => Err(expected(ev, &v, "a string")),
    }
}

/// Anything that coerces to a string without `toString`'s extras (paths stay paths).
pub(crate) fn coerce_string(
    ev: &mut Evaluator<'_>,
    t: &Thunk,
    copy: bool,
) -> EvalResult<NixString> {
    let v = ev.force(t)?;
    match ev.coerce_to_string(&v, copy, false)? {
        Value::String(s) => Ok(s),
        v => Err(expected(ev, &v, "a string")),
    }
}

pub(crate) fn expect_list(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<List> {
    match ev.force(t)? {
        Value::List(l) => Ok(l),
        v => Err(expected(ev, &v, "a list")),
    }
}

pub(crate) fn expect_attrs(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<Rc<Attrs>> {
    match ev.force(t)? {
        Value::Attrs(a) => Ok(a),
        v => Err(expected(ev, &v, "a set")),
    }
}

/// A function, or a set with `__functor`.
pub(crate) fn expect_function(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<Value> {
    let v = ev.force(t)?;
    match &v {
        Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => Ok(v),
        Value::Attrs(a) if a.contains("__functor") => Ok(v),
        other => Err(expected(ev, other, "a function")),
    }
}

/// An absolute path from a path value or a string holding one (`coerceToPath`).
pub(crate) fn expect_path(ev: &mut Evaluator<'_>, t: &Thunk) -> EvalResult<String> {
    let v = ev.force(t)?;
    let s = match ev.coerce_to_string(&v, false, false)? {
        Value::String(s) => s,
        v => return Err(expected(ev, &v, "a path")),
    };
    if !s.text.starts_with('/') {
        return Err(super::error::other_error(format!(
            "string '{}' doesn't represent an absolute path",
            s.text
        )));
    }
    Ok(super::path::canonicalize(&s.text, "/"))
}

pub(crate) fn str_value(text: impl Into<Rc<str>>) -> Value {
    Value::string(text)
}

pub(crate) fn attrs_value(entries: Vec<(&str, Value)>) -> Value {
    Value::attrs(Attrs::from_unsorted(
        entries
            .into_iter()
            .map(|(name, v)| Attr {
                name: name.into(),
                value: Thunk::value(v),
                key_span: None,
            })
            .collect(),
    ))
}

pub(crate) fn list_value(values: Vec<Value>) -> Value {
    Value::list(values.into_iter().map(Thunk::value).collect())
}

#[cfg(test)]
mod tests;
