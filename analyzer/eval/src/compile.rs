//! From rnix's syntax tree to the evaluator's expression tree ([`super::ir`]).
//!
//! This is where Nix's parse-time rules live: variables are resolved (lexical scopes first,
//! then the global builtins, then `with`; an unbound name is an error for the whole file, as
//! in Nix), attribute paths `a.b.c = v` are merged into nested sets, strings are unescaped and
//! de-indented, path literals are made absolute against the file's directory.

use std::rc::Rc;

use rnix::{
    ast::{self, HasEntry},
    SyntaxKind, SyntaxNode,
};
use rowan::{ast::AstNode, NodeOrToken, TextRange};
use rustc_hash::FxHashMap;

use super::error::{ErrorKind, EvalError, EvalResult};
use super::ir::*;
use super::path::canonicalize;
use super::strings::{self, Piece};
use super::thunk::Thunk;
use super::value::{Attr, Attrs, FileId, Shape, Span, Sym, Unknown, Value};

/// What the compiler needs to know about the file.
pub(crate) struct Source<'a> {
    pub file: FileId,
    /// Absolute path of the file, for `__curPos`.
    pub path: &'a str,
    /// Absolute directory of the file, for relative path literals.
    pub dir: &'a str,
    pub text: &'a str,
}

enum Scope {
    /// Slot indices of the names of one environment (hidden slots, the sources of
    /// `inherit (e)`, have no name).
    Lexical(FxHashMap<Sym, u32>),
    With,
}

/// A lexical scope from its slot names, in slot order.
fn lexical(names: Vec<Option<Sym>>) -> Scope {
    let mut map = FxHashMap::with_capacity_and_hasher(names.len(), Default::default());
    for (i, name) in names.into_iter().enumerate() {
        if let Some(name) = name {
            // With duplicates (formals are checked by the parser) the first slot wins.
            map.entry(name).or_insert(i as u32);
        }
    }
    Scope::Lexical(map)
}

pub(crate) struct Compiler<'a> {
    src: Source<'a>,
    globals: &'a std::collections::HashMap<Sym, Value>,
    scopes: Vec<Scope>,
}

/// Compiles a whole file. `outer_names` are the slots of the file's root environment
/// (the scope given to `scopedImport`; empty otherwise).
pub(crate) fn compile_file(
    src: Source<'_>,
    root: &rnix::Root,
    globals: &std::collections::HashMap<Sym, Value>,
    outer_names: Vec<Sym>,
) -> EvalResult<ExprRef> {
    let mut c = Compiler {
        src,
        globals,
        scopes: vec![lexical(outer_names.into_iter().map(Some).collect())],
    };
    let expr = root
        .expr()
        .ok_or_else(|| c.error(root.syntax(), "syntax error"))?;
    c.expr(&expr)
}

/// A set literal or a `let` being assembled from its entries before it is compiled.
struct PendingSet {
    rec: bool,
    statics: Vec<PendingStatic>,
    index: FxHashMap<Sym, usize>,
    dynamics: Vec<(ast::Attr, Span, PendingValue)>,
    inherit_from: Vec<ast::Expr>,
}

struct PendingStatic {
    name: Sym,
    key_span: Span,
    value: PendingValue,
}

enum PendingValue {
    Expr(ast::Expr),
    Set(PendingSet),
    /// `inherit name;`
    Inherit,
    /// `inherit (source n) name;`
    InheritFrom(usize),
}

impl PendingSet {
    fn new(rec: bool) -> PendingSet {
        PendingSet {
            rec,
            statics: Vec::new(),
            index: FxHashMap::default(),
            dynamics: Vec::new(),
            inherit_from: Vec::new(),
        }
    }
}

impl<'a> Compiler<'a> {
    fn span(&self, node: &SyntaxNode) -> Span {
        self.span_of(node.text_range())
    }

    fn span_of(&self, range: TextRange) -> Span {
        Span {
            file: self.src.file,
            range,
        }
    }

    fn error(&self, node: &SyntaxNode, message: impl Into<String>) -> Box<EvalError> {
        EvalError::at(ErrorKind::Other, message, self.span(node))
    }

    fn mk(&self, node: &SyntaxNode, kind: ExprKind) -> ExprRef {
        Rc::new(Expr {
            span: self.span(node),
            kind,
        })
    }

    /// A token's text as the file has it. The parser reads a lone CR as LF (Nix ends a
    /// line there too), which keeps every offset; string contents need the real bytes: a
    /// `''...''` string keeps its CRs, and `"\<CR>"` is a CR.
    fn source_text<'t>(&'t self, t: &'t rnix::SyntaxToken) -> &'t str {
        let parsed = t.text();
        match self
            .src
            .text
            .get(std::ops::Range::<usize>::from(t.text_range()))
        {
            Some(original) if original.len() == parsed.len() => original,
            _ => parsed,
        }
    }

    fn child<T>(&self, node: &SyntaxNode, child: Option<T>) -> EvalResult<T> {
        child.ok_or_else(|| self.error(node, "syntax error"))
    }

    fn expr(&mut self, e: &ast::Expr) -> EvalResult<ExprRef> {
        self.named_expr(e, None)
    }

    /// Compiles `e`; a lambda gets `name` (the binding it is assigned to) for messages.
    fn named_expr(&mut self, e: &ast::Expr, name: Option<Sym>) -> EvalResult<ExprRef> {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || self.expr_inner(e, name))
    }

    fn expr_inner(&mut self, e: &ast::Expr, name: Option<Sym>) -> EvalResult<ExprRef> {
        let node = e.syntax();
        let kind = match e {
            ast::Expr::Paren(p) => return self.named_expr(&self.child(node, p.expr())?, name),
            ast::Expr::Root(r) => return self.expr(&self.child(node, r.expr())?),
            ast::Expr::Apply(a) => {
                let f = self.expr(&self.child(node, a.lambda())?)?;
                let arg = self.expr(&self.child(node, a.argument())?)?;
                ExprKind::Apply(f, arg)
            }
            ast::Expr::Assert(a) => {
                let cond = self.child(node, a.condition())?;
                let text: Rc<str> = super::show::show(&cond, self.src.dir).into();
                let body = self.expr(&self.child(node, a.body())?)?;
                ExprKind::Assert(self.expr(&cond)?, body, text)
            }
            ast::Expr::Error(_) => return Err(self.error(node, "syntax error")),
            ast::Expr::IfElse(i) => ExprKind::If(
                self.expr(&self.child(node, i.condition())?)?,
                self.expr(&self.child(node, i.body())?)?,
                self.expr(&self.child(node, i.else_body())?)?,
            ),
            ast::Expr::Select(s) => {
                let target = self.expr(&self.child(node, s.expr())?)?;
                let keys = self.attrpath(&self.child(node, s.attrpath())?)?;
                let default = match s.default_expr() {
                    Some(d) => Some(self.expr(&d)?),
                    None => None,
                };
                ExprKind::Select(target, keys, default)
            }
            ast::Expr::HasAttr(h) => {
                let target = self.expr(&self.child(node, h.expr())?)?;
                let keys = self.attrpath(&self.child(node, h.attrpath())?)?;
                ExprKind::HasAttr(target, keys)
            }
            ast::Expr::Str(s) => return self.string(s),
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => {
                return self.path(node)
            }
            ast::Expr::PathSearch(p) => {
                let text = p.syntax().text().to_string();
                let name = text.trim_start_matches('<').trim_end_matches('>');
                // `<name>` is `__findFile __nixPath "name"`; when either is bound lexically
                // (as `scopedImport` callers do), that call is made for real.
                let local = |v: &Var| matches!(v, Var::Local { .. });
                match (self.resolve("__findFile", 0), self.resolve("__nixPath", 0)) {
                    (Some(find), Some(path)) if local(&find) || local(&path) => {
                        let [find, path] = [find, path].map(|v| self.mk(node, ExprKind::Var(v)));
                        let name = self.mk(node, ExprKind::Const(Value::string(name)));
                        ExprKind::Apply(self.mk(node, ExprKind::Apply(find, path)), name)
                    }
                    _ => ExprKind::SearchPath(name.into()),
                }
            }
            ast::Expr::Literal(l) => self.literal(l)?,
            ast::Expr::Lambda(l) => ExprKind::Lambda(self.lambda(l, name)?),
            ast::Expr::LegacyLet(l) => {
                let set = self.pending_set(l.entries(), true, false)?;
                let attrs = self.compile_set(node, set)?;
                let key = Key::Static("body".into(), self.span(node));
                ExprKind::Select(attrs, vec![key], None)
            }
            ast::Expr::LetIn(l) => return self.let_in(l),
            ast::Expr::List(l) => {
                let mut items = Vec::new();
                for item in l.items() {
                    items.push(self.expr(&item)?);
                }
                ExprKind::List(items)
            }
            ast::Expr::BinOp(b) => self.bin_op(b)?,
            ast::Expr::AttrSet(s) => {
                let rec = s.rec_token().is_some();
                let set = self.pending_set(s.entries(), rec, false)?;
                return self.compile_set(node, set);
            }
            ast::Expr::UnaryOp(u) => {
                let operand = self.expr(&self.child(node, u.expr())?)?;
                match self.child(node, u.operator())? {
                    ast::UnaryOpKind::Invert => ExprKind::Not(operand),
                    // `-e` is `__sub 0 e`.
                    ast::UnaryOpKind::Negate => match self.shadowed(node, "__sub") {
                        Some(sub) => {
                            let zero = self.mk(node, ExprKind::Const(Value::Int(0)));
                            ExprKind::Apply(self.mk(node, ExprKind::Apply(sub, zero)), operand)
                        }
                        None => ExprKind::Neg(operand),
                    },
                }
            }
            ast::Expr::Ident(i) => {
                let name = node.text().to_string();
                let var = self.resolve(&name, 0).ok_or_else(|| {
                    self.error(i.syntax(), format!("undefined variable '{name}'"))
                })?;
                ExprKind::Var(var)
            }
            ast::Expr::With(w) => {
                let namespace = self.expr(&self.child(node, w.namespace())?)?;
                self.scopes.push(Scope::With);
                let body = self.expr(&self.child(node, w.body())?);
                self.scopes.pop();
                ExprKind::With(namespace, body?)
            }
            ast::Expr::CurPos(_) => ExprKind::Const(self.cur_pos(node)),
        };
        Ok(self.mk(node, kind))
    }

    /// Resolves a variable, ignoring the `skip` innermost scopes.
    fn resolve(&self, name: &str, skip: usize) -> Option<Var> {
        let mut with_up = None;
        let scopes = &self.scopes[..self.scopes.len() - skip];
        for (up, scope) in scopes.iter().rev().enumerate() {
            match scope {
                Scope::Lexical(names) => {
                    if let Some(&index) = names.get(name) {
                        return Some(Var::Local {
                            up: up as u32,
                            index,
                        });
                    }
                }
                Scope::With => {
                    with_up.get_or_insert(up);
                }
            }
        }
        if let Some(value) = self.globals.get(name) {
            return Some(Var::Global(value.clone()));
        }
        with_up.map(|up| Var::With {
            up: up as u32,
            name: name.into(),
        })
    }

    fn literal(&self, l: &ast::Literal) -> EvalResult<ExprKind> {
        let node = l.syntax();
        let value = match l.kind() {
            ast::LiteralKind::Integer(i) => Value::Int(
                i.value()
                    .map_err(|_| self.error(node, format!("invalid integer '{node}'")))?,
            ),
            ast::LiteralKind::Float(f) => Value::Float(
                f.value()
                    .map_err(|_| self.error(node, format!("invalid float '{node}'")))?,
            ),
            ast::LiteralKind::Uri(_) => Value::string(node.text().to_string()),
        };
        Ok(ExprKind::Const(value))
    }

    fn cur_pos(&self, node: &SyntaxNode) -> Value {
        let (line, column) = line_column(self.src.text, node.text_range().start().into());
        let attr = |name: &str, v: Value| Attr {
            name: name.into(),
            value: Thunk::value(v),
            key_span: None,
        };
        Value::attrs(Attrs::from_unsorted(vec![
            attr("file", Value::string(self.src.path)),
            attr("line", Value::Int(line as i64)),
            attr("column", Value::Int(column as i64)),
        ]))
    }

    fn bin_op(&mut self, b: &ast::BinOp) -> EvalResult<ExprKind> {
        let node = b.syntax();
        let lhs = self.expr(&self.child(node, b.lhs())?)?;
        let rhs = self.expr(&self.child(node, b.rhs())?)?;
        use ast::BinOpKind as K;
        let op = match self.child(node, b.operator())? {
            K::Concat => BinOp::Concat,
            K::Update => BinOp::Update,
            K::Add => BinOp::Add,
            K::Sub => BinOp::Sub,
            K::Mul => BinOp::Mul,
            K::Div => BinOp::Div,
            K::And => BinOp::And,
            K::Equal => BinOp::Eq,
            K::Implication => BinOp::Impl,
            K::Less => BinOp::Less,
            K::LessOrEq => BinOp::LessEq,
            K::More => BinOp::More,
            K::MoreOrEq => BinOp::MoreEq,
            K::NotEqual => BinOp::NotEq,
            K::Or => BinOp::Or,
            // `x |> f` and `f <| x` are `f x` (Nix 2.24, experimental feature
            // `pipe-operators`: a flake that uses them has turned it on).
            K::PipeRight => return Ok(ExprKind::Apply(rhs, lhs)),
            K::PipeLeft => return Ok(ExprKind::Apply(lhs, rhs)),
        };
        // Nix's parser turns `-`, `*`, `/` and the comparisons into calls of `__sub`,
        // `__mul`, `__div` and `__lessThan`, looked up lexically: a `let`, `rec` or argument
        // of that name (never a `with`) replaces the builtin.
        let (name, swap, negate) = match op {
            BinOp::Sub => ("__sub", false, false),
            BinOp::Mul => ("__mul", false, false),
            BinOp::Div => ("__div", false, false),
            BinOp::Less => ("__lessThan", false, false),
            BinOp::More => ("__lessThan", true, false),
            BinOp::LessEq => ("__lessThan", true, true),
            BinOp::MoreEq => ("__lessThan", false, true),
            _ => return Ok(ExprKind::Bin(op, lhs, rhs)),
        };
        let Some(f) = self.shadowed(node, name) else {
            return Ok(ExprKind::Bin(op, lhs, rhs));
        };
        let (a, b) = if swap { (rhs, lhs) } else { (lhs, rhs) };
        let call = ExprKind::Apply(self.mk(node, ExprKind::Apply(f, a)), b);
        Ok(if negate {
            ExprKind::Not(self.mk(node, call))
        } else {
            call
        })
    }

    /// The variable `name` when a lexical binding shadows the builtin of that name.
    fn shadowed(&self, node: &SyntaxNode, name: &str) -> Option<ExprRef> {
        match self.resolve(name, 0)? {
            var @ Var::Local { .. } => Some(self.mk(node, ExprKind::Var(var))),
            _ => None,
        }
    }

    fn attrpath(&mut self, path: &ast::Attrpath) -> EvalResult<Vec<Key>> {
        path.attrs().map(|attr| self.key(&attr)).collect()
    }

    /// One attribute name; `${"const"}` and `"const"` are static, as in Nix.
    fn key(&mut self, attr: &ast::Attr) -> EvalResult<Key> {
        let span = self.span(attr.syntax());
        let dynamic = match attr {
            ast::Attr::Ident(i) => {
                return Ok(Key::Static(i.syntax().text().to_string().into(), span))
            }
            ast::Attr::Str(s) => self.string(s)?,
            ast::Attr::Dynamic(d) => self.expr(&self.child(attr.syntax(), d.expr())?)?,
        };
        match &dynamic.kind {
            ExprKind::Const(Value::String(s)) => Ok(Key::Static(s.text.clone(), span)),
            _ => Ok(Key::Dynamic(dynamic)),
        }
    }

    fn static_name(&mut self, attr: &ast::Attr) -> EvalResult<Option<Sym>> {
        Ok(match self.key(attr)? {
            Key::Static(name, _) => Some(name),
            Key::Dynamic(_) => None,
        })
    }

    fn string(&mut self, s: &ast::Str) -> EvalResult<ExprRef> {
        let node = s.syntax();
        let mut pieces: Vec<Piece<ast::Expr>> = Vec::new();
        let mut indented = false;
        let mut first_content = true;
        for child in node.children_with_tokens() {
            match child {
                NodeOrToken::Token(t) => match t.kind() {
                    SyntaxKind::TOKEN_STRING_START => indented = t.text() == "''",
                    SyntaxKind::TOKEN_STRING_CONTENT => {
                        let mut raw = self.source_text(&t);
                        if indented {
                            if first_content {
                                raw = drop_blank_first_line(raw);
                            }
                            strings::lex_indented(raw, &mut pieces);
                        } else {
                            pieces.push(Piece::Text {
                                text: strings::unescape_normal(raw),
                                indentation: true,
                            });
                        }
                        first_content = false;
                    }
                    _ => {}
                },
                NodeOrToken::Node(n) => {
                    first_content = false;
                    if let Some(i) = ast::Interpol::cast(n.clone()) {
                        pieces.push(Piece::Interp(self.child(&n, i.expr())?));
                    }
                }
            }
        }
        let pieces = if indented {
            strings::strip_indentation(pieces)
        } else {
            strings::merge_text(pieces)
        };
        self.concat_pieces(node, pieces, InterpKind::String)
    }

    fn concat_pieces(
        &mut self,
        node: &SyntaxNode,
        pieces: Vec<Piece<ast::Expr>>,
        kind: InterpKind,
    ) -> EvalResult<ExprRef> {
        let mut parts = Vec::with_capacity(pieces.len());
        for piece in pieces {
            parts.push(match piece {
                Piece::Text { text, .. } => self.mk(node, ExprKind::Const(Value::string(text))),
                Piece::Interp(e) => self.expr(&e)?,
            });
        }
        if kind == InterpKind::String {
            match parts.len() {
                0 => return Ok(self.mk(node, ExprKind::Const(Value::string("")))),
                1 if matches!(parts[0].kind, ExprKind::Const(Value::String(_))) => {
                    return Ok(parts.remove(0))
                }
                _ => {}
            }
        }
        Ok(self.mk(node, ExprKind::Interpolate(parts, kind)))
    }

    /// Path literals, possibly with interpolation (`./dir/${name}.nix`).
    fn path(&mut self, node: &SyntaxNode) -> EvalResult<ExprRef> {
        let mut pieces: Vec<Piece<ast::Expr>> = Vec::new();
        for child in node.children_with_tokens() {
            match child {
                NodeOrToken::Token(t) => pieces.push(Piece::Text {
                    text: t.text().to_string(),
                    indentation: true,
                }),
                NodeOrToken::Node(n) => {
                    if let Some(i) = ast::Interpol::cast(n.clone()) {
                        pieces.push(Piece::Interp(self.child(&n, i.expr())?));
                    }
                }
            }
        }
        let n_pieces = pieces.len();
        let Some(Piece::Text { text: first, .. }) = pieces.first_mut() else {
            return Err(self.error(node, "syntax error"));
        };
        if first.starts_with('~') {
            let unknown = Unknown::value("a path in the home directory", Shape::Path);
            return Ok(self.mk(node, ExprKind::Const(unknown)));
        }
        // The first segment is made absolute; a trailing `/` is kept for what follows.
        let trailing_slash = first.len() > 1 && first.ends_with('/');
        let mut absolute = canonicalize(first, self.src.dir);
        if trailing_slash && n_pieces > 1 {
            absolute.push('/');
        }
        *first = absolute;
        if pieces.len() == 1 {
            let Some(Piece::Text { text, .. }) = pieces.pop() else {
                unreachable!()
            };
            return Ok(self.mk(node, ExprKind::Const(Value::Path(text.into()))));
        }
        self.concat_pieces(node, pieces, InterpKind::Path)
    }

    fn lambda(&mut self, l: &ast::Lambda, name: Option<Sym>) -> EvalResult<Rc<LambdaDef>> {
        let node = l.syntax();
        let mut slot_names: Vec<Option<Sym>> = Vec::new();
        let param = self.child(node, l.param())?;
        // The names first: defaults may refer to any formal.
        let mut pattern_info = None;
        match &param {
            ast::Param::IdentParam(p) => {
                let ident = self.child(node, p.ident())?;
                slot_names.push(Some(ident.syntax().text().to_string().into()));
            }
            ast::Param::Pattern(p) => {
                let mut entries = Vec::new();
                for entry in p.pat_entries() {
                    let ident = self.child(node, entry.ident())?;
                    let name: Sym = ident.syntax().text().to_string().into();
                    slot_names.push(Some(name.clone()));
                    entries.push((name, entry.default()));
                }
                let bind: Option<Sym> = p
                    .pat_bind()
                    .and_then(|b| b.ident())
                    .map(|i| i.syntax().text().to_string().into());
                if let Some(b) = &bind {
                    slot_names.push(Some(b.clone()));
                }
                pattern_info = Some((entries, p.ellipsis_token().is_some(), bind));
            }
        }
        let param_name = slot_names.first().cloned().flatten();
        self.scopes.push(lexical(slot_names));
        let compiled = self.lambda_parts(node, l, param_name, pattern_info);
        self.scopes.pop();
        let (param, body) = compiled?;
        Ok(Rc::new(LambdaDef {
            name,
            span: self.span(node),
            param,
            body,
        }))
    }

    #[allow(clippy::type_complexity)]
    fn lambda_parts(
        &mut self,
        node: &SyntaxNode,
        l: &ast::Lambda,
        param_name: Option<Sym>,
        pattern: Option<(Vec<(Sym, Option<ast::Expr>)>, bool, Option<Sym>)>,
    ) -> EvalResult<(Param, ExprRef)> {
        let param = match pattern {
            None => Param::Ident(param_name.unwrap_or_else(|| "".into())),
            Some((entries, ellipsis, bind)) => {
                let mut formals = Vec::with_capacity(entries.len());
                for (name, default) in entries {
                    let default = match default {
                        Some(d) => Some(self.expr(&d)?),
                        None => None,
                    };
                    formals.push(Formal { name, default });
                }
                Param::Formals {
                    formals,
                    ellipsis,
                    bind,
                }
            }
        };
        let body = self.expr(&self.child(node, l.body())?)?;
        Ok((param, body))
    }

    fn let_in(&mut self, l: &ast::LetIn) -> EvalResult<ExprRef> {
        let node = l.syntax();
        let set = self.pending_set(l.entries(), true, true)?;
        let names = self.scope_names(&set);
        self.scopes.push(lexical(names));
        let compiled = self.let_parts(node, l, set);
        self.scopes.pop();
        let (bindings, body) = compiled?;
        Ok(self.mk(node, ExprKind::Let(Rc::new(bindings), body)))
    }

    fn let_parts(
        &mut self,
        node: &SyntaxNode,
        l: &ast::LetIn,
        set: PendingSet,
    ) -> EvalResult<(Vec<Binding>, ExprRef)> {
        let (bindings, _, _) = self.recursive_bindings(node, set)?;
        let body = self.expr(&self.child(node, l.body())?)?;
        Ok((bindings, body))
    }

    /// Slot names of a recursive scope: its static attributes, then hidden slots.
    fn scope_names(&self, set: &PendingSet) -> Vec<Option<Sym>> {
        let mut names: Vec<Option<Sym>> =
            set.statics.iter().map(|s| Some(s.name.clone())).collect();
        names.extend(set.inherit_from.iter().map(|_| None));
        names
    }

    /// Compiles the slots of a recursive scope (the scope is already pushed) and its
    /// dynamic attributes. Returns slots, static attributes and dynamic attributes.
    fn recursive_bindings(
        &mut self,
        node: &SyntaxNode,
        set: PendingSet,
    ) -> EvalResult<(Vec<Binding>, Vec<StaticAttr>, Vec<DynamicAttr>)> {
        let n_statics = set.statics.len() as u32;
        let mut slots = Vec::new();
        let mut statics = Vec::new();
        for (i, s) in set.statics.into_iter().enumerate() {
            let (value, outer) = match s.value {
                PendingValue::Inherit => (self.inherited_var(node, &s.name, s.key_span, 1)?, true),
                PendingValue::InheritFrom(source) => (
                    self.inherit_select(n_statics + source as u32, &s.name, s.key_span),
                    false,
                ),
                PendingValue::Expr(e) => (self.named_expr(&e, Some(s.name.clone()))?, false),
                PendingValue::Set(nested) => (self.compile_set(node, nested)?, false),
            };
            slots.push(Binding { value, outer });
            statics.push(StaticAttr {
                name: s.name,
                key_span: s.key_span,
                value: AttrValue::Slot(i as u32),
            });
        }
        for source in set.inherit_from {
            slots.push(Binding {
                value: self.expr(&source)?,
                outer: false,
            });
        }
        let dynamics = self.dynamics(node, set.dynamics)?;
        Ok((slots, statics, dynamics))
    }

    fn dynamics(
        &mut self,
        node: &SyntaxNode,
        pending: Vec<(ast::Attr, Span, PendingValue)>,
    ) -> EvalResult<Vec<DynamicAttr>> {
        let mut out = Vec::new();
        for (attr, key_span, value) in pending {
            let key = match self.key(&attr)? {
                Key::Dynamic(e) => e,
                Key::Static(..) => unreachable!("static keys are not dynamic"),
            };
            let value = match value {
                PendingValue::Expr(e) => self.expr(&e)?,
                PendingValue::Set(nested) => self.compile_set(node, nested)?,
                _ => return Err(self.error(node, "dynamic attributes cannot be inherited")),
            };
            out.push(DynamicAttr {
                key,
                key_span,
                value,
            });
        }
        Ok(out)
    }

    /// `inherit x;`: `x` from the scope around the set (`skip` = 1 for a recursive scope,
    /// whose own scope is already pushed; its value is then evaluated in the parent).
    fn inherited_var(
        &mut self,
        node: &SyntaxNode,
        name: &Sym,
        span: Span,
        skip: usize,
    ) -> EvalResult<ExprRef> {
        let var = self
            .resolve(name, skip)
            .ok_or_else(|| self.error(node, format!("undefined variable '{name}'")))?;
        Ok(Rc::new(Expr {
            span,
            kind: ExprKind::Var(var),
        }))
    }

    /// `inherit (e) name;`: `name` selected from hidden slot `slot` of the current scope.
    fn inherit_select(&self, slot: u32, name: &Sym, span: Span) -> ExprRef {
        let source = Rc::new(Expr {
            span,
            kind: ExprKind::Var(Var::Local { up: 0, index: slot }),
        });
        Rc::new(Expr {
            span,
            kind: ExprKind::Select(source, vec![Key::Static(name.clone(), span)], None),
        })
    }

    /// Compiles an attribute set literal (or a set made of merged attribute paths).
    fn compile_set(&mut self, node: &SyntaxNode, mut set: PendingSet) -> EvalResult<ExprRef> {
        sort_pending(&mut set);
        let def = if set.rec {
            self.scopes.push(lexical(self.scope_names(&set)));
            let compiled = self.recursive_bindings(node, set);
            self.scopes.pop();
            let (slots, statics, dynamics) = compiled?;
            AttrsDef {
                rec: true,
                slots,
                statics,
                dynamics,
            }
        } else {
            let hidden = !set.inherit_from.is_empty();
            if hidden {
                // Hidden slots only: no name resolves here.
                self.scopes.push(Scope::Lexical(FxHashMap::default()));
            }
            let compiled = self.plain_set(node, set);
            if hidden {
                self.scopes.pop();
            }
            compiled?
        };
        Ok(self.mk(node, ExprKind::Attrs(Rc::new(def))))
    }

    fn plain_set(&mut self, node: &SyntaxNode, set: PendingSet) -> EvalResult<AttrsDef> {
        let mut statics = Vec::with_capacity(set.statics.len());
        for s in set.statics {
            let value = match s.value {
                PendingValue::Inherit => self.inherited_var(node, &s.name, s.key_span, 0)?,
                PendingValue::InheritFrom(source) => {
                    self.inherit_select(source as u32, &s.name, s.key_span)
                }
                PendingValue::Expr(e) => self.named_expr(&e, Some(s.name.clone()))?,
                PendingValue::Set(nested) => self.compile_set(node, nested)?,
            };
            statics.push(StaticAttr {
                name: s.name,
                key_span: s.key_span,
                value: AttrValue::Expr(value),
            });
        }
        let mut slots = Vec::new();
        for source in set.inherit_from {
            // Nix evaluates `inherit (e)` sources of a plain set in the scope around it;
            // the hidden scope adds no names, so compiling inside it is the same.
            slots.push(Binding {
                value: self.expr(&source)?,
                outer: false,
            });
        }
        let dynamics = self.dynamics(node, set.dynamics)?;
        Ok(AttrsDef {
            rec: false,
            slots,
            statics,
            dynamics,
        })
    }

    /// Collects the entries of a set or `let`, merging attribute paths; statics end sorted.
    fn pending_set(
        &mut self,
        entries: impl Iterator<Item = ast::Entry>,
        rec: bool,
        is_let: bool,
    ) -> EvalResult<PendingSet> {
        let mut set = PendingSet::new(rec);
        for entry in entries {
            match entry {
                ast::Entry::Inherit(inherit) => self.add_inherit(&mut set, &inherit)?,
                ast::Entry::AttrpathValue(av) => {
                    let path = self.child(av.syntax(), av.attrpath())?;
                    let value = self.child(av.syntax(), av.value())?;
                    let attrs: Vec<ast::Attr> = path.attrs().collect();
                    if attrs.is_empty() {
                        return Err(self.error(av.syntax(), "syntax error"));
                    }
                    self.add_path(&mut set, &attrs, value, is_let)?;
                }
            }
        }
        sort_pending(&mut set);
        Ok(set)
    }

    fn add_inherit(&mut self, set: &mut PendingSet, inherit: &ast::Inherit) -> EvalResult<()> {
        let source = match inherit.from() {
            Some(from) => {
                let e = self.child(from.syntax(), from.expr())?;
                set.inherit_from.push(e);
                Some(set.inherit_from.len() - 1)
            }
            None => None,
        };
        for attr in inherit.attrs() {
            let Some(name) = self.static_name(&attr)? else {
                return Err(self.error(attr.syntax(), "dynamic attributes not allowed in inherit"));
            };
            let key_span = self.span(attr.syntax());
            let value = match source {
                Some(i) => PendingValue::InheritFrom(i),
                None => PendingValue::Inherit,
            };
            self.insert_static(set, name, key_span, value, attr.syntax())?;
        }
        Ok(())
    }

    fn insert_static(
        &self,
        set: &mut PendingSet,
        name: Sym,
        key_span: Span,
        value: PendingValue,
        node: &SyntaxNode,
    ) -> EvalResult<()> {
        if let Some(&i) = set.index.get(&name) {
            return Err(self.duplicate(&name, set.statics[i].key_span, node));
        }
        set.index.insert(name.clone(), set.statics.len());
        set.statics.push(PendingStatic {
            name,
            key_span,
            value,
        });
        Ok(())
    }

    fn duplicate(&self, name: &str, first: Span, node: &SyntaxNode) -> Box<EvalError> {
        let (line, col) = line_column(self.src.text, first.range.start().into());
        self.error(
            node,
            format!(
                "attribute '{name}' already defined at {}:{line}:{col}",
                self.src.path
            ),
        )
    }

    /// Adds `a.b.c = value;` to `set`.
    fn add_path(
        &mut self,
        set: &mut PendingSet,
        attrs: &[ast::Attr],
        value: ast::Expr,
        is_let: bool,
    ) -> EvalResult<()> {
        let (first, rest) = attrs.split_first().expect("non-empty path");
        let key_span = self.span(first.syntax());
        let name = match self.static_name(first)? {
            Some(name) => name,
            None => {
                if is_let {
                    return Err(self.error(first.syntax(), "dynamic attributes not allowed in let"));
                }
                let value = if rest.is_empty() {
                    PendingValue::Expr(value)
                } else {
                    let mut nested = PendingSet::new(false);
                    self.add_path(&mut nested, rest, value, false)?;
                    sort_pending(&mut nested);
                    PendingValue::Set(nested)
                };
                set.dynamics.push((first.clone(), key_span, value));
                return Ok(());
            }
        };
        if rest.is_empty() {
            let new = self.literal_set(&value)?;
            match (set.index.get(&name).copied(), new) {
                (None, Some(nested)) => self.insert_static(
                    set,
                    name,
                    key_span,
                    PendingValue::Set(nested),
                    first.syntax(),
                ),
                (None, None) => self.insert_static(
                    set,
                    name,
                    key_span,
                    PendingValue::Expr(value),
                    first.syntax(),
                ),
                (Some(i), Some(nested)) => {
                    let first_span = set.statics[i].key_span;
                    match &mut set.statics[i].value {
                        PendingValue::Set(existing) => {
                            self.merge_sets(existing, nested, first.syntax())
                        }
                        _ => Err(self.duplicate(&name, first_span, first.syntax())),
                    }
                }
                (Some(i), None) => {
                    Err(self.duplicate(&name, set.statics[i].key_span, first.syntax()))
                }
            }
        } else {
            let i = match set.index.get(&name) {
                Some(&i) => i,
                None => {
                    let nested = PendingValue::Set(PendingSet::new(false));
                    self.insert_static(set, name.clone(), key_span, nested, first.syntax())?;
                    set.statics.len() - 1
                }
            };
            let first_span = set.statics[i].key_span;
            match &mut set.statics[i].value {
                PendingValue::Set(nested) => self.add_path(nested, rest, value, false),
                _ => {
                    let full = attrs
                        .iter()
                        .map(|a| a.syntax().text().to_string())
                        .collect::<Vec<_>>()
                        .join(".");
                    Err(self.duplicate(&full, first_span, first.syntax()))
                }
            }
        }
    }

    /// An attribute set literal value turned into a pending set, so paths can merge into it.
    fn literal_set(&mut self, value: &ast::Expr) -> EvalResult<Option<PendingSet>> {
        let mut e = value.clone();
        while let ast::Expr::Paren(p) = &e {
            match p.expr() {
                Some(inner) => e = inner,
                None => return Ok(None),
            }
        }
        match e {
            ast::Expr::AttrSet(s) => {
                let rec = s.rec_token().is_some();
                Ok(Some(self.pending_set(s.entries(), rec, false)?))
            }
            _ => Ok(None),
        }
    }

    /// `a = { ... }; a = { ... };`: merged, and since Nix 2.26 recursively, so a name that
    /// both sets bind to set literals (`a = { b.c = 1; }; a = { b.d = 2; };`) merges too.
    /// Anything else bound twice is a duplicate.
    fn merge_sets(
        &self,
        into: &mut PendingSet,
        from: PendingSet,
        node: &SyntaxNode,
    ) -> EvalResult<()> {
        let offset = into.inherit_from.len();
        into.inherit_from.extend(from.inherit_from);
        for s in from.statics {
            let value = match s.value {
                PendingValue::InheritFrom(i) => PendingValue::InheritFrom(i + offset),
                v => v,
            };
            if let PendingValue::Set(nested) = value {
                match into.index.get(&s.name).copied() {
                    Some(i) if matches!(into.statics[i].value, PendingValue::Set(_)) => {
                        if let PendingValue::Set(existing) = &mut into.statics[i].value {
                            self.merge_sets(existing, nested, node)?;
                        }
                    }
                    _ => self.insert_static(
                        into,
                        s.name,
                        s.key_span,
                        PendingValue::Set(nested),
                        node,
                    )?,
                }
                continue;
            }
            self.insert_static(into, s.name, s.key_span, value, node)?;
        }
        into.dynamics.extend(from.dynamics);
        sort_pending(into);
        Ok(())
    }
}

/// Sorts the static entries by name (the order of a set's attributes and slots).
fn sort_pending(set: &mut PendingSet) {
    set.statics.sort_by(|a, b| a.name.cmp(&b.name));
    set.index = set
        .statics
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
}

/// `''` followed by spaces and a newline: Nix's lexer drops that first line.
pub(crate) fn drop_blank_first_line(raw: &str) -> &str {
    let spaces = raw.bytes().take_while(|&b| b == b' ').count();
    match raw.as_bytes().get(spaces) {
        Some(b'\n') => &raw[spaces + 1..],
        _ => raw,
    }
}

/// 1-based line and column (in bytes, as Nix counts) of a byte offset. LF, CR LF and a
/// lone CR each end a line, as in Nix's lexer.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in before.iter().enumerate() {
        let ends_line = match b {
            b'\n' => true,
            b'\r' => text.as_bytes().get(i + 1) != Some(&b'\n'),
            _ => false,
        };
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, offset - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    /// The positions Nix 2.8 reports for an error at the `x` of `x.y` (`nix-instantiate
    /// --eval`): 3:5 after lone CRs and after CR LFs alike, 3:12 after a lone CR followed
    /// by a CR LF. qg-syntax's `LineIndex` counts the same lines.
    #[test]
    fn a_lone_cr_ends_a_line_and_a_cr_lf_ends_one() {
        assert_eq!(line_column("let\r x = 1;\r in x.y", 16), (3, 5));
        assert_eq!(line_column("let\r\n x = 1;\r\n in x.y", 18), (3, 5));
        assert_eq!(line_column("let\r\r\n x = 1; in x.y", 17), (3, 12));
        // Between the CR and the LF of a CR LF: still the first line.
        assert_eq!(line_column("let\r\n x", 4), (1, 5));
    }
}
