//! Values inside error messages, as current Nix prints them (its value printer with
//! `errorPrintOptions`, since 2.20): nothing is forced (`«thunk»` for what is not evaluated
//! yet), at most 10 attributes and 10 list items in all (`«N attributes elided»`), 10 levels
//! deep (`{ ... }`), strings cut after 1024 bytes (`«N bytes elided»`), `type` and `_type`
//! first, functions as `«lambda f @ file:line:col»` and `«primop map»`; other scalars as
//! `nix-instantiate --eval` prints them ([`print_scalar`]).
//!
//! Also the type errors that print such a value: `expected a set but found an integer: 1`.

use std::collections::HashSet;
use std::rc::Rc;

use super::error::{type_error, EvalError};
use super::print::{attr_name, print_scalar, quote_string};
use super::thunk::{Thunk, ThunkState};
use super::value::{Attr, Value};
use super::Evaluator;

const MAX_DEPTH: usize = 10;
const MAX_ATTRS: usize = 10;
const MAX_ITEMS: usize = 10;
const MAX_STRING: usize = 1024;

/// `expected {what} but found {type}: {value}` (Nix's `forceInt`, `forceAttrs`...). An
/// unknown value is not a type error: the caller's result becomes unknown.
pub(crate) fn expected(ev: &Evaluator<'_>, v: &Value, what: &str) -> Box<EvalError> {
    if let Value::Unknown(u) = v {
        return super::eval::unknown_operand(u);
    }
    type_error(format!(
        "expected {what} but found {}: {}",
        v.show_type(),
        show(ev, v)
    ))
}

/// The value as current Nix prints it in an error message.
pub(crate) fn show(ev: &Evaluator<'_>, v: &Value) -> String {
    let mut p = Printer {
        ev,
        out: String::new(),
        attrs: 0,
        items: 0,
        seen: HashSet::new(),
    };
    p.value(v, 0);
    p.out
}

struct Printer<'e, 'a> {
    ev: &'e Evaluator<'a>,
    out: String,
    /// Attributes and list items printed so far (the limits are for the whole message).
    attrs: usize,
    items: usize,
    seen: HashSet<usize>,
}

impl Printer<'_, '_> {
    fn value(&mut self, v: &Value, depth: usize) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.value_inner(v, depth))
    }

    fn value_inner(&mut self, v: &Value, depth: usize) {
        match v {
            Value::String(s) => self.string(&s.text),
            Value::Attrs(attrs) => {
                if !attrs.is_empty() && !self.seen.insert(Rc::as_ptr(attrs) as *const u8 as usize) {
                    self.out.push_str("«repeated»");
                    return;
                }
                if depth >= MAX_DEPTH {
                    self.out.push_str("{ ... }");
                    return;
                }
                // `_type` and `type` first, then the others by name (the set is sorted).
                let important = |a: &&Attr| matches!(&*a.name, "type" | "_type");
                let first = ["_type", "type"]
                    .into_iter()
                    .filter_map(|n| attrs.get_attr(n));
                let sorted = first.chain(attrs.iter().filter(|a| !important(a)));
                self.out.push('{');
                for (n, a) in sorted.enumerate() {
                    self.out.push(' ');
                    if self.attrs >= MAX_ATTRS {
                        self.elided(attrs.len() - n, "attribute", "attributes");
                        break;
                    }
                    self.out.push_str(&attr_name(&a.name));
                    self.out.push_str(" = ");
                    self.thunk(&a.value, depth + 1);
                    self.out.push(';');
                    self.attrs += 1;
                }
                self.out.push_str(" }");
            }
            Value::List(list) => {
                if !list.is_empty() && !self.seen.insert(Rc::as_ptr(&list.0) as *const u8 as usize)
                {
                    self.out.push_str("«repeated»");
                    return;
                }
                if depth >= MAX_DEPTH {
                    self.out.push_str("[ ... ]");
                    return;
                }
                self.out.push('[');
                for (n, item) in list.iter().enumerate() {
                    self.out.push(' ');
                    if self.items >= MAX_ITEMS {
                        self.elided(list.len() - n, "item", "items");
                        break;
                    }
                    self.thunk(item, depth + 1);
                    self.items += 1;
                }
                self.out.push_str(" ]");
            }
            Value::Lambda(closure) => {
                self.out.push_str("«lambda");
                if let Some(name) = &closure.def.name {
                    self.out.push(' ');
                    self.out.push_str(name);
                }
                self.out.push_str(" @ ");
                self.out.push_str(&self.ev.nix_position(closure.def.span));
                self.out.push('»');
            }
            Value::PrimOp(op) => {
                self.out.push_str(&format!("«primop {}»", op.name));
            }
            Value::PrimOpApp(app) => {
                self.out
                    .push_str(&format!("«partially applied primop {}»", app.op.name));
            }
            // Scalars print as in `nix-instantiate --eval`.
            other => print_scalar(&mut self.out, other),
        }
    }

    fn thunk(&mut self, t: &Thunk, depth: usize) {
        if let Some(v) = t.peek() {
            return self.value(&v, depth);
        }
        let forcing =
            t.0.state
                .try_borrow()
                .is_ok_and(|s| matches!(*s, ThunkState::Blackhole));
        self.out.push_str(if forcing {
            "«potential infinite recursion»"
        } else {
            "«thunk»"
        });
    }

    /// A string literal, cut after 1024 bytes.
    fn string(&mut self, text: &str) {
        if text.len() <= MAX_STRING {
            self.out.push_str(&quote_string(text));
            return;
        }
        let mut cut = MAX_STRING;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let quoted = quote_string(&text[..cut]);
        self.out.push_str(&quoted);
        self.out.push(' ');
        self.elided(text.len() - cut, "byte", "bytes");
    }

    fn elided(&mut self, n: usize, one: &str, many: &str) {
        let noun = if n == 1 { one } else { many };
        self.out.push_str(&format!("«{n} {noun} elided»"));
    }
}
