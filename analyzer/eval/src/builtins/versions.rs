//! Version strings as Nix compares them, and derivation names.

use super::*;

pub(super) const BUILTINS: &[Entry] = &[
    ("compareVersions", 2, compare_versions),
    ("parseDrvName", 1, parse_drv_name),
    ("splitVersion", 1, split_version),
];

/// The next component of a version: a run of digits or a run of other non-separators;
/// `.` and `-` separate.
fn next_component<'s>(s: &'s str, pos: &mut usize) -> &'s str {
    let b = s.as_bytes();
    while *pos < b.len() && (b[*pos] == b'.' || b[*pos] == b'-') {
        *pos += 1;
    }
    let start = *pos;
    if *pos < b.len() && b[*pos].is_ascii_digit() {
        while *pos < b.len() && b[*pos].is_ascii_digit() {
            *pos += 1;
        }
    } else {
        while *pos < b.len() && !b[*pos].is_ascii_digit() && b[*pos] != b'.' && b[*pos] != b'-' {
            *pos += 1;
        }
    }
    &s[start..*pos]
}

fn component_less(a: &str, b: &str) -> bool {
    let (na, nb) = (a.parse::<i32>().ok(), b.parse::<i32>().ok());
    match (na, nb) {
        (Some(x), Some(y)) => x < y,
        _ if a.is_empty() && nb.is_some() => true,
        _ if a == "pre" && b != "pre" => true,
        _ if b == "pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => a < b,
    }
}

pub(crate) fn compare(a: &str, b: &str) -> i64 {
    let (mut p, mut q) = (0, 0);
    while p < a.len() || q < b.len() {
        let x = next_component(a, &mut p);
        let y = next_component(b, &mut q);
        if component_less(x, y) {
            return -1;
        }
        if component_less(y, x) {
            return 1;
        }
    }
    0
}

fn compare_versions(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let a = expect_string(ev, &args[0])?;
    let b = expect_string(ev, &args[1])?;
    Ok(Value::Int(compare(&a.text, &b.text)))
}

fn split_version(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let mut pos = 0;
    let mut parts = Vec::new();
    while pos < s.text.len() {
        let c = next_component(&s.text, &mut pos);
        if c.is_empty() {
            break;
        }
        parts.push(str_value(c));
    }
    Ok(list_value(parts))
}

fn parse_drv_name(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let b = s.text.as_bytes();
    let split =
        (0..b.len()).find(|&i| b[i] == b'-' && i + 1 < b.len() && !b[i + 1].is_ascii_alphabetic());
    let (name, version) = match split {
        Some(i) => (&s.text[..i], &s.text[i + 1..]),
        None => (&*s.text, ""),
    };
    Ok(attrs_value(vec![
        ("name", str_value(name)),
        ("version", str_value(version)),
    ]))
}
