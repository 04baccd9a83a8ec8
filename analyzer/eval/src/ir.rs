//! The evaluator's expression tree, compiled from rnix's syntax tree by [`super::compile`].
//!
//! Compared with the syntax tree it has variables resolved to environment slots, attribute
//! paths merged into nested sets, strings unescaped and de-indented, and path literals made
//! absolute: what is left to do at run time is only evaluation.

use std::rc::Rc;

use super::value::{Span, Sym, Value};

pub(crate) type ExprRef = Rc<Expr>;

pub struct Expr {
    pub span: Span,
    pub kind: ExprKind,
}

pub enum ExprKind {
    /// A literal: number, string or path without interpolation, URI.
    Const(Value),
    Var(Var),
    Attrs(Rc<AttrsDef>),
    List(Vec<ExprRef>),
    Lambda(Rc<LambdaDef>),
    Apply(ExprRef, ExprRef),
    /// `let` bindings (a recursive scope) and the body evaluated in it.
    Let(Rc<Vec<Binding>>, ExprRef),
    With(ExprRef, ExprRef),
    If(ExprRef, ExprRef, ExprRef),
    /// The condition, the body, and the condition's source text for the message.
    Assert(ExprRef, ExprRef, Rc<str>),
    Not(ExprRef),
    /// `-e`, which Nix evaluates as `0 - e`.
    Neg(ExprRef),
    Bin(BinOp, ExprRef, ExprRef),
    Select(ExprRef, Vec<Key>, Option<ExprRef>),
    HasAttr(ExprRef, Vec<Key>),
    /// `"a${b}c"`: the parts are concatenated; `Path` when the first part is a path literal.
    Interpolate(Vec<ExprRef>, InterpKind),
    /// `<name>`: resolved through the search path, which qg does not know.
    SearchPath(Sym),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterpKind {
    String,
    Path,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Concat,
    Update,
    Eq,
    NotEq,
    Less,
    LessEq,
    More,
    MoreEq,
    And,
    Or,
    Impl,
}

/// A resolved variable.
#[derive(Clone)]
pub enum Var {
    /// Slot `index` of the environment `up` levels above the current one.
    Local { up: u32, index: u32 },
    /// Not bound lexically: looked up in the `with` scopes, starting `up` levels above.
    With { up: u32, name: Sym },
    /// A builtin or constant of the global scope.
    Global(Value),
}

/// One attribute name in a path: `a`, `"a"` or `${e}`.
pub enum Key {
    Static(Sym, Span),
    Dynamic(ExprRef),
}

/// One slot of a recursive scope (`let`, `rec { }`).
pub struct Binding {
    pub value: ExprRef,
    /// `inherit x;` reads `x` from the scope around, not from the scope being defined.
    pub outer: bool,
}

/// An attribute set literal.
pub struct AttrsDef {
    pub rec: bool,
    /// Slots of the set's own environment: for `rec`, one per static attribute (same order)
    /// followed by the sources of `inherit (e)`; for a plain set only those sources.
    pub slots: Vec<Binding>,
    /// Sorted by name.
    pub statics: Vec<StaticAttr>,
    pub dynamics: Vec<DynamicAttr>,
}

impl AttrsDef {
    /// Whether evaluating the set creates an environment of its own.
    pub fn has_env(&self) -> bool {
        self.rec || !self.slots.is_empty()
    }
}

pub struct StaticAttr {
    pub name: Sym,
    pub key_span: Span,
    pub value: AttrValue,
}

pub enum AttrValue {
    /// The value is slot `n` of the set's environment (recursive sets).
    Slot(u32),
    /// The value is this expression, evaluated in the set's environment.
    Expr(ExprRef),
}

pub struct DynamicAttr {
    pub key: ExprRef,
    pub key_span: Span,
    pub value: ExprRef,
}

pub struct LambdaDef {
    /// The name it is bound to (`f = x: ...`), used in messages as Nix does.
    pub name: Option<Sym>,
    pub span: Span,
    pub param: Param,
    pub body: ExprRef,
}

pub enum Param {
    Ident(Sym),
    Formals {
        formals: Vec<Formal>,
        ellipsis: bool,
        /// `args@{ ... }`: its slot comes after the formals.
        bind: Option<Sym>,
    },
}

pub struct Formal {
    pub name: Sym,
    pub default: Option<ExprRef>,
}
