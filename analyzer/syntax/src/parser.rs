//! ## What it finds
//! Text that is not valid Nix: a missing `;`, an unclosed `{`, a stray token, a duplicated
//! formal argument, a file that ends in the middle of an expression. As with Nix, the first
//! error of a file is reported; what follows it cannot be read reliably until it is fixed.
//!
//! ## Why it matters
//! Nix refuses the whole file, and with it every host that imports it. qg still analyses every
//! other file, so the rest of the fleet keeps its diagnostics while you fix this one.
//!
//! ## Example
//! ```nix
//! { config, ... }: {
//!   networking.hostName = "server"
//!   time.timeZone = "Europe/Paris";
//! }
//! ```
//! The first definition lacks its `;`.
//!
//! ## Fix
//! Complete or remove the broken text at the reported position.

use std::sync::Arc;

use rnix::{ParseError, SyntaxKind};
use rowan::{GreenNode, TextRange, TextSize};

use crate::db::{Db, SourceFile};
use crate::diagnostic::{Diagnostic, Span};
use crate::rule::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg001,
    summary: "the file is not valid Nix",
    source: include_str!("parser.rs"),
};

/// A located syntax error with a human message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// The parse of one file. Only the green tree is stored (it is `Send`); call [`Parse::root`]
/// to get a navigable red tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Parse {
    pub green: GreenNode,
    pub errors: Arc<[SyntaxError]>,
}

impl Parse {
    pub fn root(&self) -> rnix::Root {
        use rowan::ast::AstNode;
        rnix::Root::cast(rnix::SyntaxNode::new_root(self.green.clone()))
            .expect("rnix always produces a NODE_ROOT")
    }
}

/// Parses Nix text; never fails, broken input gives error nodes plus [`SyntaxError`]s.
pub fn parse_text(text: &str) -> Parse {
    let normalized;
    let text = if has_lone_cr(text) {
        // Nix's lexer ends a line at a lone CR (old Mac files), rnix only at LF: a lone CR
        // becomes LF, same length, so every position stays the file's. (A string keeps
        // its CRs: the evaluator reads string contents from the file's text, by range.)
        normalized = lone_cr_to_lf(text);
        &normalized
    } else {
        text
    };
    let parse = rnix::Root::parse(text);
    let eof = end_of_last_token(&parse.syntax());
    let mut errors: Vec<SyntaxError> = parse
        .errors()
        .iter()
        .map(|e| describe(e, text, eof))
        .collect();
    for duplicate in duplicate_formals(&parse.syntax()) {
        if !errors.iter().any(|e| e.range == duplicate.range) {
            errors.push(duplicate);
        }
    }
    // Nix stops at the first error in the text; the duplicates come from a second walk.
    errors.sort_by_key(|e| e.range.start());
    Parse {
        green: parse.syntax().green().to_owned(),
        errors: errors.into(),
    }
}

fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

fn lone_cr_to_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Formals Nix rejects: `{ a, a }: ...` and `{ a }@a: ...` (`duplicate formal function
/// argument 'a'`, at the later one), which rnix accepts.
fn duplicate_formals(root: &rnix::SyntaxNode) -> Vec<SyntaxError> {
    use rnix::ast;
    use rowan::ast::AstNode;
    let mut found = Vec::new();
    for node in root.descendants() {
        let Some(pattern) = ast::Pattern::cast(node) else {
            continue;
        };
        let mut names: Vec<(String, TextRange)> = Vec::new();
        for entry in pattern.pat_entries() {
            if let Some(ident) = entry.ident() {
                names.push((ident.to_string(), ident.syntax().text_range()));
            }
        }
        if let Some(ident) = pattern.pat_bind().and_then(|b| b.ident()) {
            names.push((ident.to_string(), ident.syntax().text_range()));
        }
        names.sort_by_key(|(_, range)| range.start());
        for (i, (name, range)) in names.iter().enumerate() {
            if names[..i].iter().any(|(earlier, _)| earlier == name) {
                found.push(SyntaxError {
                    range: *range,
                    message: format!("duplicate formal function argument `{name}`"),
                });
                break;
            }
        }
    }
    found
}

/// `no_eq`: a new text almost always means a new tree, and comparing trees costs a walk.
#[salsa::tracked(returns(ref), no_eq)]
pub fn parse(db: &dyn Db, file: SourceFile) -> Parse {
    parse_text(file.text(db))
}

/// QG001 for the first syntax error of the file. Like Nix, only the first is reported: the
/// parser's recovery after it produces follow-on errors that mislead more than they help.
pub(crate) fn syntax_diagnostics(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    parse(db, file)
        .errors
        .iter()
        .take(1)
        .map(|e| {
            let span = Span {
                file: file.path(db).clone(),
                range: e.range,
            };
            Diagnostic::new(RuleId::Qg001, span, e.message.clone())
        })
        .collect()
}

/// Where an "unexpected end of file" is shown: right after the last real token, which is
/// where the missing text belongs (trailing comments and blank lines would mislead).
fn end_of_last_token(root: &rnix::SyntaxNode) -> TextSize {
    let mut token = root.last_token();
    while let Some(t) = &token {
        if !matches!(
            t.kind(),
            SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT
        ) {
            return t.text_range().end();
        }
        token = t.prev_token();
    }
    TextSize::from(0)
}

fn describe(error: &ParseError, text: &str, eof: TextSize) -> SyntaxError {
    let snippet = |range: TextRange| shorten(&text[range]);
    let (range, message) = match error {
        ParseError::Unexpected(r) => (*r, format!("unexpected `{}`", snippet(*r))),
        ParseError::UnexpectedExtra(r) => (
            *r,
            format!(
                "unexpected `{}` after the end of the expression",
                snippet(*r)
            ),
        ),
        ParseError::UnexpectedWanted(_, r, wanted) => (
            *r,
            format!("expected {}, found `{}`", wanted_list(wanted), snippet(*r)),
        ),
        ParseError::UnexpectedDoubleBind(r) => {
            (*r, "a pattern can be bound with `@` only once".to_string())
        }
        ParseError::UnexpectedEOF => (TextRange::empty(eof), "unexpected end of file".into()),
        ParseError::UnexpectedEOFWanted(wanted) => (
            TextRange::empty(eof),
            format!("unexpected end of file, expected {}", wanted_list(wanted)),
        ),
        ParseError::DuplicatedArgs(r, name) => {
            (*r, format!("duplicate formal function argument `{name}`"))
        }
        ParseError::RecursionLimitExceeded => (
            TextRange::empty(TextSize::from(0)),
            "expression is nested too deeply to parse".to_string(),
        ),
        _ => (TextRange::empty(TextSize::from(0)), error.to_string()),
    };
    SyntaxError { range, message }
}

/// The first token-ish word of an error range, as people would quote it.
fn shorten(text: &str) -> String {
    let word = text.split_whitespace().next().unwrap_or("");
    match word.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &word[..cut]),
        None => word.to_string(),
    }
}

fn wanted_list(kinds: &[SyntaxKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| token_name(*k)).collect();
    match names.as_slice() {
        [] => "more input".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// How a token kind is written in Nix source, for "expected ..." messages.
fn token_name(kind: SyntaxKind) -> String {
    use SyntaxKind::*;
    let text = match kind {
        TOKEN_ASSIGN => "`=`",
        TOKEN_SEMICOLON => "`;`",
        TOKEN_COLON => "`:`",
        TOKEN_COMMA => "`,`",
        TOKEN_DOT => "`.`",
        TOKEN_L_BRACE => "`{`",
        TOKEN_R_BRACE => "`}`",
        TOKEN_L_BRACK => "`[`",
        TOKEN_R_BRACK => "`]`",
        TOKEN_L_PAREN => "`(`",
        TOKEN_R_PAREN => "`)`",
        TOKEN_IN => "`in`",
        TOKEN_THEN => "`then`",
        TOKEN_ELSE => "`else`",
        TOKEN_IDENT => "an identifier",
        TOKEN_STRING_END => "the end of the string",
        TOKEN_INTERPOL_END => "`}` closing the interpolation",
        TOKEN_ELLIPSIS => "`...`",
        TOKEN_AT => "`@`",
        TOKEN_QUESTION => "`?`",
        NODE_ATTRPATH | NODE_IDENT | NODE_DYNAMIC | NODE_STRING => "an attribute name",
        _ => return format!("{kind:?}").to_lowercase().replace('_', " "),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(std::ops::Range<u32>, String)> {
        parse_text(text)
            .errors
            .iter()
            .map(|e| {
                (
                    e.range.start().into()..e.range.end().into(),
                    e.message.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn valid_nix_has_no_errors() {
        assert!(errors("{ a = 1; b = [ 1 2 ]; c = x: x; }").is_empty());
    }

    #[test]
    fn missing_semicolon_is_located() {
        let found = errors("{\n  a = 1\n  b = 2;\n}\n");
        assert!(!found.is_empty());
        assert!(found[0].1.contains("`;`"), "{found:?}");
    }

    #[test]
    fn end_of_file_error_points_at_the_end() {
        let text = "{ a = 1;";
        let found = errors(&format!("{text}\n# trailing comment\n\n"));
        assert!(
            found.iter().any(|(r, _)| r.start == text.len() as u32),
            "{found:?}"
        );
    }

    #[test]
    fn duplicate_formals_are_errors_at_the_later_name() {
        let message = "duplicate formal function argument `a`".to_string();
        assert_eq!(errors("{ a, b, a }: a"), vec![(8..9, message.clone())]);
        assert_eq!(errors("{ a, ... }@a: a"), vec![(11..12, message.clone())]);
        assert_eq!(errors("a@{ b, a }: a"), vec![(7..8, message)]);
        assert!(errors("{ a, b ? a }@c: a").is_empty());
    }

    #[test]
    fn pipe_operators_parse() {
        assert!(errors("x |> f |> g").is_empty());
        assert!(errors("g <| f <| x").is_empty());
    }

    #[test]
    fn line_endings_are_nix_line_endings() {
        assert!(errors("{\r\n  a = 1; # crlf\r\n}\r\n").is_empty());
        // A comment ends at a lone CR, as in Nix's lexer.
        assert!(errors("# comment\r{ a = 1; }\r").is_empty());
        assert_eq!(errors("# c\r{ a = 1 }")[0].0.start, 12);
    }
}
