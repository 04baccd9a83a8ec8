//! String literals: Nix's escapes and the indentation stripping of `''...''` strings.
//!
//! rnix keeps the raw text of string contents; this module turns it into the values Nix's
//! lexer and parser produce, following their rules exactly (they have surprising corners:
//! only spaces are indentation, escapes and interpolations end the leading whitespace of a
//! line, a whitespace-only last line is dropped...).

/// A piece of a string literal: text, or an interpolated expression `T`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece<T> {
    /// `indentation` is false for text that came from an escape (`''$`, `'''`, `''\n`) or a
    /// lone `$`/`'`: such text is never indentation and ends a line's leading whitespace.
    Text {
        text: String,
        indentation: bool,
    },
    Interp(T),
}

/// The value of a `"..."` string's raw content: `\n`, `\r`, `\t` and `\x` → `x`; CR and
/// CR LF become LF.
pub(crate) fn unescape_normal(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Splits the raw content of a `''...''` string into the tokens Nix's lexer makes of it.
pub(crate) fn lex_indented<T>(raw: &str, out: &mut Vec<Piece<T>>) {
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<Piece<T>>| {
        if !run.is_empty() {
            out.push(Piece::Text {
                text: std::mem::take(run),
                indentation: true,
            });
        }
    };
    let special = |text: &str, out: &mut Vec<Piece<T>>| {
        out.push(Piece::Text {
            text: text.to_string(),
            indentation: false,
        })
    };
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("''$") {
            flush(&mut run, out);
            special("$", out);
            rest = after;
        } else if let Some(after) = rest.strip_prefix("'''") {
            flush(&mut run, out);
            special("''", out);
            rest = after;
        } else if let Some(after) = rest.strip_prefix("''\\") {
            flush(&mut run, out);
            match after.chars().next() {
                Some(e) => {
                    special(&unescape_normal(&format!("\\{e}")), out);
                    rest = &after[e.len_utf8()..];
                }
                None => rest = after,
            }
        } else if c == '$' || c == '\'' {
            let next = rest[1..].chars().next();
            let pairs = match (c, next) {
                ('$', Some(n)) => n != '{' && n != '\'',
                ('\'', Some(n)) => n != '\'' && n != '$',
                _ => false,
            };
            if let (true, Some(n)) = (pairs, next) {
                run.push(c);
                run.push(n);
                rest = &rest[1 + n.len_utf8()..];
            } else {
                flush(&mut run, out);
                special(&c.to_string(), out);
                rest = &rest[1..];
            }
        } else {
            run.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut run, out);
}

/// Nix's `stripIndentation`: removes the common leading spaces of the lines of an indented
/// string, then merges adjacent text.
pub(crate) fn strip_indentation<T>(pieces: Vec<Piece<T>>) -> Vec<Piece<T>> {
    let min_indent = minimum_indentation(&pieces);
    let mut out: Vec<Piece<T>> = Vec::new();
    let mut at_line_start = true;
    let mut dropped = 0usize;
    let count = pieces.len();
    for (i, piece) in pieces.into_iter().enumerate() {
        match piece {
            Piece::Interp(e) => {
                at_line_start = false;
                dropped = 0;
                out.push(Piece::Interp(e));
            }
            Piece::Text { text, .. } => {
                let mut s = String::with_capacity(text.len());
                for ch in text.chars() {
                    if at_line_start {
                        match ch {
                            ' ' => {
                                if dropped >= min_indent {
                                    s.push(ch);
                                }
                                dropped += 1;
                            }
                            '\n' => {
                                dropped = 0;
                                s.push(ch);
                            }
                            _ => {
                                at_line_start = false;
                                dropped = 0;
                                s.push(ch);
                            }
                        }
                    } else {
                        s.push(ch);
                        if ch == '\n' {
                            at_line_start = true;
                        }
                    }
                }
                if i + 1 == count {
                    // The last line goes if it holds only spaces.
                    if let Some(p) = s.rfind('\n') {
                        if s[p + 1..].bytes().all(|b| b == b' ') {
                            s.truncate(p + 1);
                        }
                    }
                }
                out.push(Piece::Text {
                    text: s,
                    indentation: true,
                });
            }
        }
    }
    merge_text(out)
}

fn minimum_indentation<T>(pieces: &[Piece<T>]) -> usize {
    let mut at_line_start = true;
    let mut min_indent = 1_000_000usize;
    let mut current = 0usize;
    for piece in pieces {
        match piece {
            Piece::Text {
                text,
                indentation: true,
            } => {
                for ch in text.chars() {
                    if at_line_start {
                        match ch {
                            ' ' => current += 1,
                            '\n' => current = 0,
                            _ => {
                                at_line_start = false;
                                min_indent = min_indent.min(current);
                            }
                        }
                    } else if ch == '\n' {
                        at_line_start = true;
                        current = 0;
                    }
                }
            }
            _ => {
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(current);
                }
            }
        }
    }
    min_indent
}

/// Joins neighbouring text pieces and drops empty ones.
pub(crate) fn merge_text<T>(pieces: Vec<Piece<T>>) -> Vec<Piece<T>> {
    let mut out: Vec<Piece<T>> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Text { text: prev, .. }), Piece::Text { text, .. }) => {
                prev.push_str(&text)
            }
            (_, Piece::Text { text, .. }) if text.is_empty() => {}
            (_, piece) => out.push(piece),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indented(raw: &str) -> String {
        let mut pieces: Vec<Piece<()>> = Vec::new();
        lex_indented(raw, &mut pieces);
        strip_indentation(pieces)
            .into_iter()
            .map(|p| match p {
                Piece::Text { text, .. } => text,
                Piece::Interp(()) => "${}".into(),
            })
            .collect()
    }

    #[test]
    fn common_spaces_are_removed() {
        assert_eq!(indented("  a\n    b\n  "), "a\n  b\n");
    }

    #[test]
    fn tabs_are_not_indentation() {
        assert_eq!(
            indented("    foo\n\ttab\n  bar\n"),
            "    foo\n\ttab\n  bar\n"
        );
    }

    #[test]
    fn escapes_are_text() {
        assert_eq!(indented("  ''$x '''\n  ''\\n"), "$x ''\n\n");
    }

    #[test]
    fn normal_escapes() {
        assert_eq!(unescape_normal(r"a\nb\q\\"), "a\nbq\\");
    }
}
