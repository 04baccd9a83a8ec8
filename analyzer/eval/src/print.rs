//! Printing values exactly as `nix-instantiate --eval` does (current Nix: the same as 2.8
//! but for attribute names, quoted when they are keywords, see [`attr_name`]).
//!
//! One line; sets sorted by name with `name = value; `, lists space separated; strings
//! escaped the Nix way; floats like C++ `ostream << double` (`%g`); functions as
//! `<LAMBDA>`, `<PRIMOP>`, `<PRIMOP-APP>`; a non-empty set or list reached a second time as
//! `«repeated»` (identity: the set, the element vector of a list of three or more, the value
//! slot of a shorter list, as Nix's in-value small lists behave). Unknowns print as
//! `«unknown: reason»`; a partly known string keeps its known text. Values inside error
//! messages have a printer of their own (`print_error`).

use std::collections::HashSet;
use std::fmt::Write;
use std::rc::Rc;

use super::thunk::Thunk;
use super::value::{Shape, StrPart, Value};

/// Prints a value without forcing anything: an unevaluated part prints as `<CODE>`, as in
/// `builtins.trace` output (force it deeply first for `--strict` output).
pub(crate) fn print_value(value: &Value) -> String {
    let mut out = String::new();
    let mut seen = HashSet::new();
    print(&mut out, value, None, &mut seen);
    out
}

fn print(out: &mut String, value: &Value, slot: Option<usize>, seen: &mut HashSet<usize>) {
    stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || match value {
        Value::Attrs(attrs) => {
            if attrs.is_empty() {
                out.push_str("{ }");
                return;
            }
            if !seen.insert(Rc::as_ptr(attrs) as *const u8 as usize) {
                out.push_str("«repeated»");
                return;
            }
            out.push_str("{ ");
            for a in attrs.iter() {
                out.push_str(&attr_name(&a.name));
                out.push_str(" = ");
                print_thunk(out, &a.value, seen);
                out.push_str("; ");
            }
            out.push('}');
        }
        Value::List(list) => {
            if list.is_empty() {
                out.push_str("[ ]");
                return;
            }
            let id = if list.len() >= 3 {
                Rc::as_ptr(&list.0) as *const u8 as usize
            } else {
                // Short lists live inside their value slot in Nix.
                slot.unwrap_or(Rc::as_ptr(&list.0) as *const u8 as usize | 1)
            };
            if !seen.insert(id) {
                out.push_str("«repeated»");
                return;
            }
            out.push_str("[ ");
            for item in list.iter() {
                print_thunk(out, item, seen);
                out.push(' ');
            }
            out.push(']');
        }
        other => print_scalar(out, other),
    })
}

/// Prints a value that holds no other values; a set or list prints as `...` (callers that
/// print containers match them first).
pub fn print_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::String(s) => out.push_str(&quote_string(&s.text)),
        Value::Path(p) => out.push_str(p),
        Value::Lambda(_) => out.push_str("<LAMBDA>"),
        Value::PrimOp(_) => out.push_str("<PRIMOP>"),
        Value::PrimOpApp(_) => out.push_str("<PRIMOP-APP>"),
        Value::Unknown(u) => match &u.shape {
            Shape::String(parts) => quote_partial(out, parts),
            _ => {
                let _ = write!(out, "«unknown: {}»", u.reason);
            }
        },
        Value::Attrs(_) | Value::List(_) => out.push_str("..."),
    }
}

fn print_thunk(out: &mut String, thunk: &Thunk, seen: &mut HashSet<usize>) {
    match thunk.peek() {
        Some(v) => print(out, &v, Some(thunk.slot_id()), seen),
        None => out.push_str("<CODE>"),
    }
}

/// A string literal as Nix prints it: `"`, `\`, newline, CR, tab and `${` are escaped.
pub fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(&mut out, s);
    out.push('"');
    out
}

fn escape_into(out: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
}

fn quote_partial(out: &mut String, parts: &[StrPart]) {
    out.push('"');
    for part in parts {
        match part {
            StrPart::Known(text) => escape_into(out, text),
            StrPart::Unknown(reason) => {
                let _ = write!(out, "${{«unknown: {reason}»}}");
            }
        }
    }
    out.push('"');
}

/// An attribute name as current Nix prints it (`printIdentifier`, since 2.16): bare when it
/// is an identifier and not a keyword, else quoted like a string (`"assert"`, `"a.b"`,
/// `""`). Nix 2.8 quoted only `if` among the keywords and escaped every `$`.
pub fn attr_name(name: &str) -> String {
    const RESERVED: &[&str] = &[
        "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit",
    ];
    let mut bytes = name.bytes();
    let bare = match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
            bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'\'' || b == b'-')
        }
        _ => false,
    };
    if bare && !RESERVED.contains(&name) {
        return name.to_string();
    }
    quote_string(name)
}

/// A float as C++ `std::ostream << double` prints it: `%g` with 6 significant digits.
pub(crate) fn format_float(f: f64) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let scientific = format!("{f:.5e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} exponent is an integer");
    if !(-4..6).contains(&exponent) {
        let mantissa = trim_fraction(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    } else {
        let decimals = (5 - exponent) as usize;
        trim_fraction(&format!("{f:.decimals$}")).to_string()
    }
}

fn trim_fraction(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_cpp() {
        let cases = [
            (1.0, "1"),
            (0.1, "0.1"),
            (123456.0, "123456"),
            (1000000.0, "1e+06"),
            (999999.5, "1e+06"),
            (1234567.0, "1.23457e+06"),
            (1.0e-5, "1e-05"),
            (0.0001, "0.0001"),
            (2.0 / 3.0, "0.666667"),
            (-1.0e20, "-1e+20"),
            (-0.0, "-0"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float(f), want, "{f}");
        }
    }

    #[test]
    fn names_and_strings() {
        assert_eq!(attr_name("a-b'"), "a-b'");
        assert_eq!(attr_name("if"), "\"if\"");
        assert_eq!(attr_name("assert"), "\"assert\"");
        assert_eq!(attr_name("or"), "or");
        assert_eq!(attr_name(""), "\"\"");
        assert_eq!(attr_name("a$b"), "\"a$b\"");
        assert_eq!(attr_name("a${b"), "\"a\\${b\"");
        assert_eq!(quote_string("$x ${y}"), "\"$x \\${y}\"");
    }
}
