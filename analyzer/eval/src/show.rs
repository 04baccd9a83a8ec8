//! Nix's re-printing of expressions (`Expr::show`), used in the message of a failed
//! `assert`: `assert x > 5 && x < 10` fails with `assertion '((__lessThan 5 x) && (__lessThan
//! x 10))' failed`, because Nix's parser desugars comparisons and subtraction into builtin
//! calls and prints every compound expression in parentheses.

use rnix::ast::{self, AstToken, HasEntry};
use rowan::ast::AstNode;

use super::path::canonicalize;
use super::print::{attr_name, format_float, quote_string};
use super::strings::{self, Piece};

/// The expression as Nix 2.8 shows it; `dir` resolves relative path literals.
pub(crate) fn show(e: &ast::Expr, dir: &str) -> String {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || show_inner(e, dir))
}

fn show_inner(e: &ast::Expr, dir: &str) -> String {
    let s = |e: Option<ast::Expr>| e.map_or_else(String::new, |e| show(&e, dir));
    match e {
        ast::Expr::Paren(p) => s(p.expr()),
        ast::Expr::Root(r) => s(r.expr()),
        ast::Expr::Ident(i) => i.syntax().text().to_string(),
        ast::Expr::Literal(l) => match l.kind() {
            ast::LiteralKind::Integer(i) => {
                i.value().map_or_else(|_| l.to_string(), |v| v.to_string())
            }
            ast::LiteralKind::Float(f) => f.value().map_or_else(|_| l.to_string(), format_float),
            ast::LiteralKind::Uri(_) => quote_string(&l.syntax().text().to_string()),
        },
        ast::Expr::Str(st) => show_string(st, dir),
        ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => {
            let text = e.syntax().text().to_string();
            if text.starts_with('~') || text.contains("${") {
                text
            } else {
                canonicalize(&text, dir)
            }
        }
        ast::Expr::PathSearch(p) => {
            let name = p.syntax().text().to_string();
            let name = name.trim_start_matches('<').trim_end_matches('>');
            format!("(__findFile __nixPath {})", quote_string(name))
        }
        ast::Expr::Apply(_) => {
            let mut args = Vec::new();
            let mut f = e.clone();
            while let ast::Expr::Apply(a) = &f {
                args.push(s(a.argument()));
                match a.lambda() {
                    Some(inner) => f = inner,
                    None => break,
                }
            }
            args.reverse();
            format!("({} {})", show(&f, dir), args.join(" "))
        }
        ast::Expr::Select(sel) => {
            let mut out = format!("({}).{}", s(sel.expr()), show_path(sel.attrpath(), dir));
            if let Some(d) = sel.default_expr() {
                out.push_str(&format!(" or ({})", show(&d, dir)));
            }
            out
        }
        ast::Expr::HasAttr(h) => {
            format!("(({}) ? {})", s(h.expr()), show_path(h.attrpath(), dir))
        }
        ast::Expr::List(l) => {
            let mut out = String::from("[ ");
            for item in l.items() {
                out.push_str(&format!("({}) ", show(&item, dir)));
            }
            out.push(']');
            out
        }
        ast::Expr::AttrSet(set) => {
            let rec = if set.rec_token().is_some() {
                "rec "
            } else {
                ""
            };
            format!("{rec}{{ {}}}", show_entries(set.entries(), dir))
        }
        ast::Expr::LetIn(l) => {
            format!("(let {}in {})", show_entries(l.entries(), dir), s(l.body()))
        }
        ast::Expr::With(w) => format!("(with {}; {})", s(w.namespace()), s(w.body())),
        ast::Expr::IfElse(i) => format!(
            "(if {} then {} else {})",
            s(i.condition()),
            s(i.body()),
            s(i.else_body())
        ),
        ast::Expr::Assert(a) => format!("assert {}; {}", s(a.condition()), s(a.body())),
        ast::Expr::UnaryOp(u) => match u.operator() {
            Some(ast::UnaryOpKind::Invert) => format!("(! {})", s(u.expr())),
            _ => format!("(__sub 0 {})", s(u.expr())),
        },
        ast::Expr::BinOp(b) => {
            let (l, r) = (s(b.lhs()), s(b.rhs()));
            use ast::BinOpKind as K;
            match b.operator() {
                Some(K::Sub) => format!("(__sub {l} {r})"),
                Some(K::Mul) => format!("(__mul {l} {r})"),
                Some(K::Div) => format!("(__div {l} {r})"),
                Some(K::Less) => format!("(__lessThan {l} {r})"),
                Some(K::More) => format!("(__lessThan {r} {l})"),
                Some(K::LessOrEq) => format!("(! (__lessThan {r} {l}))"),
                Some(K::MoreOrEq) => format!("(! (__lessThan {l} {r}))"),
                Some(op) => {
                    let token = match op {
                        K::Add => "+",
                        K::Concat => "++",
                        K::Update => "//",
                        K::And => "&&",
                        K::Or => "||",
                        K::Implication => "->",
                        K::Equal => "==",
                        K::NotEqual => "!=",
                        _ => "|>",
                    };
                    format!("({l} {token} {r})")
                }
                None => b.to_string(),
            }
        }
        ast::Expr::Lambda(l) => show_lambda(l, dir),
        ast::Expr::CurPos(_) => "__curPos".to_string(),
        ast::Expr::LegacyLet(_) | ast::Expr::Error(_) => e.syntax().text().to_string(),
    }
}

fn show_string(st: &ast::Str, dir: &str) -> String {
    let indented = st.syntax().first_token().is_some_and(|t| t.text() == "''");
    let mut pieces: Vec<Piece<ast::Expr>> = Vec::new();
    for (i, part) in st.parts().enumerate() {
        match part {
            ast::InterpolPart::Literal(lit) => {
                let mut raw = lit.syntax().text();
                if indented {
                    if i == 0 {
                        raw = super::compile::drop_blank_first_line(raw);
                    }
                    strings::lex_indented(raw, &mut pieces);
                } else {
                    pieces.push(Piece::Text {
                        text: strings::unescape_normal(raw),
                        indentation: true,
                    });
                }
            }
            ast::InterpolPart::Interpolation(i) => {
                if let Some(e) = i.expr() {
                    pieces.push(Piece::Interp(e));
                }
            }
        }
    }
    let pieces = if indented {
        strings::strip_indentation(pieces)
    } else {
        strings::merge_text(pieces)
    };
    let shown: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Piece::Text { text, .. } => quote_string(text),
            Piece::Interp(e) => show(e, dir),
        })
        .collect();
    match shown.as_slice() {
        [] => "\"\"".to_string(),
        [one] if matches!(pieces[0], Piece::Text { .. }) => one.clone(),
        _ => format!("({})", shown.join(" + ")),
    }
}

fn show_path(path: Option<ast::Attrpath>, dir: &str) -> String {
    path_names(path, dir).join(".")
}

/// Each name of an attribute path as Nix shows it: an identifier bare, another static
/// name quoted, a computed one as `"${e}"`.
fn path_names(path: Option<ast::Attrpath>, dir: &str) -> Vec<String> {
    let Some(path) = path else {
        return Vec::new();
    };
    path.attrs()
        .map(|a| match &a {
            ast::Attr::Ident(i) => attr_name(&i.syntax().text().to_string()),
            ast::Attr::Dynamic(d) => match d.expr() {
                Some(ast::Expr::Str(s))
                    if s.parts()
                        .all(|p| matches!(p, ast::InterpolPart::Literal(_))) =>
                {
                    attr_name(&static_text(&s))
                }
                Some(e) => format!("\"${{{}}}\"", show(&e, dir)),
                None => String::new(),
            },
            ast::Attr::Str(s) => {
                if s.parts()
                    .all(|p| matches!(p, ast::InterpolPart::Literal(_)))
                {
                    attr_name(&static_text(s))
                } else {
                    format!("\"${{{}}}\"", show_string(s, dir))
                }
            }
        })
        .collect()
}

fn static_text(s: &ast::Str) -> String {
    s.parts()
        .map(|p| match p {
            ast::InterpolPart::Literal(l) => strings::unescape_normal(l.syntax().text()),
            ast::InterpolPart::Interpolation(_) => String::new(),
        })
        .collect()
}

/// Bindings as Nix shows them: attribute paths are nested sets after parsing.
fn show_entries(entries: impl Iterator<Item = ast::Entry>, dir: &str) -> String {
    let mut tree = Bindings::default();
    for entry in entries {
        match entry {
            ast::Entry::Inherit(i) => {
                for a in i.attrs() {
                    tree.0
                        .push((a.syntax().text().to_string(), Binding::Inherit));
                }
            }
            ast::Entry::AttrpathValue(av) => {
                let names = path_names(av.attrpath(), dir);
                let value = av.value().map_or_else(String::new, |v| show(&v, dir));
                tree.insert(&names, value);
            }
        }
    }
    tree.render()
}

#[derive(Default)]
struct Bindings(Vec<(String, Binding)>);

enum Binding {
    Value(String),
    Nested(Bindings),
    Inherit,
}

impl Bindings {
    fn insert(&mut self, names: &[String], value: String) {
        let Some((first, rest)) = names.split_first() else {
            return;
        };
        if rest.is_empty() {
            self.0.push((first.clone(), Binding::Value(value)));
            return;
        }
        let position = self
            .0
            .iter()
            .position(|(n, b)| n == first && matches!(b, Binding::Nested(_)));
        let index = position.unwrap_or_else(|| {
            self.0
                .push((first.clone(), Binding::Nested(Bindings::default())));
            self.0.len() - 1
        });
        if let Binding::Nested(nested) = &mut self.0[index].1 {
            nested.insert(rest, value);
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (name, binding) in &self.0 {
            match binding {
                Binding::Value(v) => out.push_str(&format!("{name} = {v}; ")),
                Binding::Nested(n) => out.push_str(&format!("{name} = {{ {}}}; ", n.render())),
                Binding::Inherit => out.push_str(&format!("inherit {name}; ")),
            }
        }
        out
    }
}

fn show_lambda(l: &ast::Lambda, dir: &str) -> String {
    let body = l.body().map_or_else(String::new, |b| show(&b, dir));
    let param = match l.param() {
        Some(ast::Param::IdentParam(p)) => p.syntax().text().to_string(),
        Some(ast::Param::Pattern(p)) => {
            let mut formals: Vec<String> = p
                .pat_entries()
                .map(|entry| {
                    let name = entry
                        .ident()
                        .map(|i| i.syntax().text().to_string())
                        .unwrap_or_default();
                    match entry.default() {
                        Some(d) => format!("{name} ? {}", show(&d, dir)),
                        None => name,
                    }
                })
                .collect();
            formals.sort();
            if p.ellipsis_token().is_some() {
                formals.push("...".to_string());
            }
            let mut out = format!("{{ {} }}", formals.join(", "));
            if let Some(bind) = p.pat_bind().and_then(|b| b.ident()) {
                out.push_str(&format!(" @ {}", bind.syntax().text()));
            }
            out
        }
        None => String::new(),
    };
    format!("({param}: {body})")
}
