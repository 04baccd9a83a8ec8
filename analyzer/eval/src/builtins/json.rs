//! `toJSON`, `fromJSON`, `fromTOML`.

use std::fmt::Write;

use super::*;
use crate::error::other_error;
use crate::eval::unknown_operand;

pub(super) const BUILTINS: &[Entry] = &[
    ("fromJSON", 1, from_json),
    ("fromTOML", 1, from_toml),
    ("toJSON", 1, to_json),
];

fn to_json(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let v = ev.force(&args[0])?;
    let mut out = String::new();
    let mut context = None;
    write_json(ev, &v, &mut out, &mut context)?;
    Ok(Value::String(NixString {
        text: out.into(),
        context,
    }))
}

type Context = Option<std::rc::Rc<[std::rc::Rc<str>]>>;

fn write_json(
    ev: &mut Evaluator<'_>,
    v: &Value,
    out: &mut String,
    ctx: &mut Context,
) -> EvalResult<()> {
    ev.charge(1)?;
    if out.len() > crate::ops::MAX_STRING {
        return Err(crate::ops::string_too_long());
    }
    ev.descend(|ev| {
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => push_json_float(out, *f),
            Value::String(s) => {
                *ctx = NixString::merge_context(ctx, &s.context);
                json_string(out, &s.text);
            }
            Value::Path(p) => {
                let stored = ev.copy_to_store(p)?;
                return write_json(ev, &stored, out, ctx);
            }
            Value::Attrs(attrs) => {
                if attrs.contains("__toString") {
                    let s = ev.coerce_to_string(v, true, false)?;
                    return write_json(ev, &s, out, ctx);
                }
                if let Some(o) = attrs.get("outPath") {
                    let o = ev.force(&o.clone())?;
                    return write_json(ev, &o, out, ctx);
                }
                out.push('{');
                for (i, a) in attrs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_string(out, &a.name);
                    out.push(':');
                    let value = ev.force(&a.value)?;
                    write_json(ev, &value, out, ctx)?;
                }
                out.push('}');
            }
            Value::List(list) => {
                out.push('[');
                for (i, item) in list.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let value = ev.force(item)?;
                    write_json(ev, &value, out, ctx)?;
                }
                out.push(']');
            }
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => {
                return Err(other_error("cannot convert a function to JSON"))
            }
            Value::Unknown(u) => return Err(unknown_operand(u)),
        }
        Ok(())
    })
}

/// A float as `toJSON` writes it since Nix 2.12 (nlohmann::json): the shortest digits
/// that read back to the same float, a whole number with `.0`, the exponent form
/// (`1e+20`, `1e-05`) outside 10^-5..10^15; NaN and infinities are `null`.
fn push_json_float(out: &mut String, f: f64) {
    if !f.is_finite() {
        out.push_str("null");
        return;
    }
    if f.is_sign_negative() {
        out.push('-');
    }
    let f = f.abs();
    if f == 0.0 {
        out.push_str("0.0");
        return;
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `d.ddddde<exp>`.
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("`{:e}` has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    // The decimal point sits after `n` digits.
    let n = exponent.parse::<i32>().expect("an integer exponent") + 1;
    const MIN_EXP: i32 = -4;
    const MAX_EXP: i32 = 15;
    if k <= n && n <= MAX_EXP {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
        out.push_str(".0");
    } else if 0 < n && n <= MAX_EXP {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if MIN_EXP < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
}

pub(super) fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // nlohmann::json's short escapes (Nix 2.12 and later; 2.8 wrote `\u0008`).
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn from_json(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let mut parser = JsonParser {
        bytes: s.text.as_bytes(),
        pos: 0,
    };
    let value = parser.document()?;
    Ok(value)
}

/// A JSON reader with Nix's number rules: an integer that fits in 64 bits is an int (`-0`
/// is `0`), anything else a float; duplicate keys: the last wins.
struct JsonParser<'s> {
    bytes: &'s [u8],
    pos: usize,
}

impl JsonParser<'_> {
    fn error(&self, what: &str) -> Box<crate::error::EvalError> {
        other_error(format!(
            "[json.exception.parse_error.101] parse error at byte {}: {what}",
            self.pos + 1
        ))
    }

    fn document(&mut self) -> EvalResult<Value> {
        let v = self.value(0)?;
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return Err(self.error("syntax error: expected end of input"));
        }
        Ok(v)
    }

    fn skip_ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.bytes[self.pos..].starts_with(literal.as_bytes()) {
            self.pos += literal.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> EvalResult<Value> {
        if depth > 10_000 {
            return Err(self.error("nesting too deep"));
        }
        self.skip_ws();
        let Some(&c) = self.bytes.get(self.pos) else {
            return Err(self.error("syntax error: unexpected end of input"));
        };
        match c {
            b'{' => {
                self.pos += 1;
                let mut entries: Vec<(String, Value)> = Vec::new();
                self.skip_ws();
                if self.eat("}") {
                    return Ok(attrs_value(Vec::new()));
                }
                loop {
                    self.skip_ws();
                    if self.bytes.get(self.pos) != Some(&b'"') {
                        return Err(self.error("syntax error: expected a key"));
                    }
                    let key = self.string()?;
                    self.skip_ws();
                    if !self.eat(":") {
                        return Err(self.error("syntax error: expected ':'"));
                    }
                    let v =
                        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.value(depth + 1))?;
                    entries.retain(|(k, _)| *k != key);
                    entries.push((key, v));
                    self.skip_ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("}") {
                        break;
                    }
                    return Err(self.error("syntax error: expected ',' or '}'"));
                }
                Ok(attrs_value(
                    entries
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.clone()))
                        .collect(),
                ))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.eat("]") {
                    return Ok(list_value(items));
                }
                loop {
                    items.push(stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || {
                        self.value(depth + 1)
                    })?);
                    self.skip_ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("]") {
                        break;
                    }
                    return Err(self.error("syntax error: expected ',' or ']'"));
                }
                Ok(list_value(items))
            }
            b'"' => Ok(str_value(self.string()?)),
            b't' if self.eat("true") => Ok(Value::Bool(true)),
            b'f' if self.eat("false") => Ok(Value::Bool(false)),
            b'n' if self.eat("null") => Ok(Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.error("syntax error: invalid literal")),
        }
    }

    fn number(&mut self) -> EvalResult<Value> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.bytes.get(p.pos), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > s
        };
        self.eat("-");
        if !digits(self) {
            return Err(self.error("syntax error: invalid number"));
        }
        let mut float = false;
        if self.eat(".") {
            float = true;
            if !digits(self) {
                return Err(self.error("syntax error: invalid number"));
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            float = true;
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("syntax error: invalid number"));
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).expect("ascii");
        if !float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Int(i));
            }
            if text.parse::<u64>().is_ok() {
                // Nix 2.25 and later: nlohmann reads it as unsigned, Nix refuses it (bigger
                // integers still become floats).
                return Err(other_error(format!(
                    "unsigned json number {text} outside of Nix integer range"
                )));
            }
        }
        text.parse::<f64>()
            .map(Value::Float)
            .map_err(|_| self.error("syntax error: invalid number"))
    }

    fn hex4(&mut self) -> EvalResult<u32> {
        let hex = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("syntax error: invalid \\u escape"))?;
        self.pos += 4;
        Ok(hex)
    }

    fn string(&mut self) -> EvalResult<String> {
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.bytes.get(self.pos) else {
                return Err(self.error("syntax error: unterminated string"));
            };
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.bytes.get(self.pos) else {
                        return Err(self.error("syntax error: unterminated string"));
                    };
                    self.pos += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code) && self.eat("\\u") {
                                let low = self.hex4()?;
                                code = 0x10000
                                    + ((code - 0xD800) << 10)
                                    + (low.wrapping_sub(0xDC00) & 0x3ff);
                            }
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        }
                        _ => return Err(self.error("syntax error: invalid escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => {
                    return Err(self.error("syntax error: control character in string"))
                }
                c => out.push(c),
            }
        }
        if out.contains(&0) {
            // Nix 2.26 and later: NUL cannot be in a Nix string (2.8 cut the string there).
            return Err(other_error(nul_message(&String::from_utf8_lossy(&out))));
        }
        Ok(super::strings::from_bytes(out))
    }
}

/// `fromTOML s`: errors carry current Nix's prefix `while parsing TOML: ` (2.21); dates and
/// times are an error, as without the experimental feature `parse-toml-timestamps`; a string
/// with a NUL byte cannot be a Nix string (2.26).
fn from_toml(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let table: toml::Table =
        toml::from_str(&s.text).map_err(|e| other_error(format!("while parsing TOML: {e}")))?;
    toml_value(&toml::Value::Table(table))
        .map_err(|message| other_error(format!("while parsing TOML: {message}")))
}

fn toml_value(v: &toml::Value) -> Result<Value, String> {
    Ok(match v {
        toml::Value::String(s) => str_value(nul_free(s)?),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(_) => return Err("Dates and times are not supported".into()),
        toml::Value::Array(items) => {
            list_value(items.iter().map(toml_value).collect::<Result<_, _>>()?)
        }
        toml::Value::Table(t) => {
            let mut attrs = Vec::with_capacity(t.len());
            for (k, v) in t {
                attrs.push((nul_free(k)?, toml_value(v)?));
            }
            attrs_value(attrs)
        }
    })
}

/// Nix 2.26 and later: a string with a NUL byte cannot be a Nix string.
fn nul_free(s: &str) -> Result<&str, String> {
    if !s.contains('\0') {
        return Ok(s);
    }
    Err(format!("error: {}", nul_message(s)))
}

/// `input string 'a␀b' cannot be represented as Nix string because it contains null bytes`
pub(crate) fn nul_message(s: &str) -> String {
    format!(
        "input string '{}' cannot be represented as Nix string because it contains null bytes",
        s.replace('\0', "\u{2400}")
    )
}
