//! `match` and `split`: POSIX extended regular expressions, as Nix runs them through
//! libstdc++'s `std::regex`, translated to the `regex` crate.
//!
//! Translation: `.` also matches a newline; inside bracket expressions a backslash is a
//! literal and `[:class:]` names are kept (the crate knows them); characters the crate treats
//! specially in classes (`[`, `&&`, `--`, `~~`) are escaped. Known difference: the crate
//! picks the leftmost-first alternative where POSIX wants the leftmost-longest match; it
//! only shows with alternatives that are prefixes of each other (`a|ab`).

use std::cell::RefCell;
use std::collections::HashMap;

use ::regex::Regex;

use super::*;
use crate::error::other_error;

pub(super) const BUILTINS: &[Entry] = &[("match", 2, match_), ("split", 2, split)];

thread_local! {
    static CACHE: RefCell<HashMap<(String, bool), Option<Regex>>> = RefCell::new(HashMap::new());
}

/// The regex for a POSIX ERE; `whole` anchors it at both ends (`match`).
fn compile(pattern: &str, whole: bool) -> EvalResult<Regex> {
    let key = (pattern.to_string(), whole);
    let cached = CACHE.with(|c| c.borrow().get(&key).cloned());
    let regex = match cached {
        Some(r) => r,
        None => {
            let translated = translate(pattern).map(|t| {
                if whole {
                    format!("(?s)^(?:{t})$")
                } else {
                    format!("(?s){t}")
                }
            });
            let r = translated.and_then(|t| Regex::new(&t).ok());
            CACHE.with(|c| {
                let mut c = c.borrow_mut();
                if c.len() > 1000 {
                    c.clear();
                }
                c.insert(key, r.clone());
            });
            r
        }
    };
    regex.ok_or_else(|| other_error(format!("invalid regular expression '{pattern}'")))
}

/// POSIX ERE → `regex` crate syntax; `None` if the pattern is malformed.
pub(crate) fn translate(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let next = *chars.get(i + 1)?;
                push_escaped(&mut out, next);
                i += 2;
            }
            '[' => i = bracket(&chars, i, &mut out)?,
            '{' => {
                // An interval; POSIX has no `{` literal here, the crate checks the syntax.
                out.push('{');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Some(out)
}

fn push_escaped(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        // `\d`, `\w`... are not POSIX; libstdc++ accepts some of them, the crate too.
        out.push('\\');
        out.push(c);
    } else {
        out.push_str(&::regex::escape(&c.to_string()));
    }
}

/// Translates the bracket expression starting at `chars[start] == '['`; returns the index
/// after it.
fn bracket(chars: &[char], start: usize, out: &mut String) -> Option<usize> {
    let mut i = start + 1;
    out.push('[');
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        match c {
            ']' if !first => {
                out.push(']');
                return Some(i + 1);
            }
            '[' if matches!(chars.get(i + 1), Some(':') | Some('.') | Some('=')) => {
                let kind = chars[i + 1];
                let close = (i + 2..chars.len().saturating_sub(1))
                    .find(|&j| chars[j] == kind && chars[j + 1] == ']')?;
                let name: String = chars[i + 2..close].iter().collect();
                match kind {
                    ':' => {
                        out.push_str("[:");
                        out.push_str(&name);
                        out.push_str(":]");
                    }
                    _ => {
                        for ch in name.chars() {
                            out.push_str(&::regex::escape(&ch.to_string()));
                        }
                    }
                }
                i = close + 2;
            }
            '\\' | '[' | ']' | '&' | '~' => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            '-' => {
                // A range dash stays; a leading or trailing one is a literal.
                let trailing = chars.get(i + 1) == Some(&']');
                if first || trailing {
                    out.push_str("\\-");
                } else {
                    out.push('-');
                }
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
        first = false;
    }
}

fn captures_list(caps: &::regex::Captures<'_>) -> Value {
    list_value(
        (1..caps.len())
            .map(|g| match caps.get(g) {
                Some(m) => str_value(m.as_str()),
                None => Value::Null,
            })
            .collect(),
    )
}

fn match_(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let pattern = expect_string(ev, &args[0])?;
    let s = expect_string(ev, &args[1])?;
    let re = compile(&pattern.text, true)?;
    Ok(match re.captures(&s.text) {
        Some(caps) => captures_list(&caps),
        None => Value::Null,
    })
}

/// `split`: the text between matches, and for each match the list of its groups. Empty
/// matches are handled as `std::regex_iterator` does: after an empty match the search
/// moves on by one character.
fn split(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let pattern = expect_string(ev, &args[0])?;
    let s = expect_string(ev, &args[1])?;
    let re = compile(&pattern.text, false)?;
    let text: &str = &s.text;
    let mut out = Vec::new();
    let mut pos = 0;
    let mut last_end = 0;
    let mut any = false;
    while pos <= text.len() {
        let Some(caps) = re.captures_at(text, pos) else {
            break;
        };
        let m = caps.get(0).expect("group 0 always matches");
        if out.len() + 2 > crate::ops::MAX_LIST {
            return Err(crate::ops::list_too_long());
        }
        ev.charge(2)?;
        any = true;
        out.push(str_value(&text[last_end..m.start()]));
        out.push(captures_list(&caps));
        last_end = m.end();
        pos = if m.end() == m.start() {
            match text[m.end()..].chars().next() {
                Some(c) => m.end() + c.len_utf8(),
                None => text.len() + 1,
            }
        } else {
            m.end()
        };
    }
    if !any {
        return Ok(list_value(vec![Value::String(s.clone())]));
    }
    out.push(str_value(&text[last_end..]));
    Ok(list_value(out))
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn brackets_translate() {
        assert_eq!(translate("[[:alpha:]]+").unwrap(), "[[:alpha:]]+");
        assert_eq!(translate("[]a-]").unwrap(), "[\\]a\\-]");
        assert_eq!(translate("a\\.b").unwrap(), "a\\.b");
        assert!(translate("[abc").is_none());
    }
}
