//! Values of the evaluator: what a Nix expression reduces to.
//!
//! Everything is reference counted (`Rc`): values are cheap to clone, live only as long as one
//! evaluation, and are never stored in salsa. Containers keep where they were made
//! ([`Span`]) and every attribute keeps the span of its key, so a later diagnostic can always
//! point at source text. Scalars get their provenance from the [`Thunk`] that holds them.

use std::fmt;
use std::rc::Rc;

use rowan::TextRange;

use super::env::Env;
use super::error::EvalResult;
use super::ir::LambdaDef;
use super::thunk::Thunk;
use super::Evaluator;

/// Index of a file loaded by one evaluator (see [`Evaluator::file_path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A range of text in one loaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: TextRange,
}

impl Span {
    /// The span given to values made by Rust code (no source text made them).
    pub fn synthetic() -> Span {
        Span {
            file: FileId(0),
            range: TextRange::default(),
        }
    }
}

/// Attribute names and other interned-ish strings.
pub type Sym = Rc<str>;

/// A forced Nix value (weak head normal form: the parts inside containers may still be thunks).
#[derive(Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(NixString),
    /// An absolute, canonical path (no `.`/`..`, no trailing `/`).
    Path(Rc<str>),
    Attrs(Rc<Attrs>),
    List(List),
    Lambda(Rc<Closure>),
    PrimOp(Rc<PrimOp>),
    PrimOpApp(Rc<PrimOpApp>),
    /// Something the analysis cannot know (a flake input, `pkgs`, an impure builtin...).
    Unknown(Rc<Unknown>),
}

/// A string and its context: the store paths it refers to (only paths copied to the store
/// by interpolation here; qg builds nothing).
#[derive(Clone, Debug)]
pub struct NixString {
    pub text: Rc<str>,
    pub context: Option<Rc<[Rc<str>]>>,
}

impl NixString {
    pub fn plain(text: impl Into<Rc<str>>) -> NixString {
        NixString {
            text: text.into(),
            context: None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The union of two contexts, sorted, without duplicates.
    pub fn merge_context(
        a: &Option<Rc<[Rc<str>]>>,
        b: &Option<Rc<[Rc<str>]>>,
    ) -> Option<Rc<[Rc<str>]>> {
        match (a, b) {
            (None, None) => None,
            (Some(x), None) | (None, Some(x)) => Some(x.clone()),
            (Some(x), Some(y)) => {
                let mut all: Vec<Rc<str>> = x.iter().chain(y.iter()).cloned().collect();
                all.sort();
                all.dedup();
                Some(all.into())
            }
        }
    }
}

/// A list. The element vector is shared by every copy of the list value.
#[derive(Clone)]
pub struct List(pub Rc<Vec<Thunk>>);

impl List {
    pub fn new(items: Vec<Thunk>) -> List {
        List(Rc::new(items))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Thunk> {
        self.0.iter()
    }

    pub fn get(&self, i: usize) -> Option<&Thunk> {
        self.0.get(i)
    }
}

/// One attribute: its name, its (lazy) value and where its key was written.
#[derive(Clone)]
pub struct Attr {
    pub name: Sym,
    pub value: Thunk,
    pub key_span: Option<Span>,
}

/// An attribute set, sorted by name (bytewise, as Nix prints and iterates them).
#[derive(Clone, Default)]
pub struct Attrs {
    entries: Vec<Attr>,
    /// Where the set was made.
    pub span: Option<Span>,
    /// Set when the set may hold more attributes than the known ones (a dynamic key that is
    /// unknown): looking up a missing name then gives an unknown instead of an error.
    pub open: Option<Sym>,
}

impl Attrs {
    pub fn empty() -> Attrs {
        Attrs::default()
    }

    /// Builds a set from attributes in any order; on duplicate names the first one wins.
    pub fn from_unsorted(mut entries: Vec<Attr>) -> Attrs {
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries.dedup_by(|later, earlier| later.name == earlier.name);
        Attrs {
            entries,
            span: None,
            open: None,
        }
    }

    /// Builds a set from attributes already sorted by name without duplicates.
    pub fn from_sorted(entries: Vec<Attr>) -> Attrs {
        debug_assert!(entries.windows(2).all(|w| w[0].name < w[1].name));
        Attrs {
            entries,
            span: None,
            open: None,
        }
    }

    pub fn with_span(mut self, span: Option<Span>) -> Attrs {
        self.span = span;
        self
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Attr> {
        self.entries.iter()
    }

    pub fn entries(&self) -> &[Attr] {
        &self.entries
    }

    pub fn into_entries(self) -> Vec<Attr> {
        self.entries
    }

    pub fn get_attr(&self, name: &str) -> Option<&Attr> {
        self.entries
            .binary_search_by(|a| (*a.name).cmp(name))
            .ok()
            .map(|i| &self.entries[i])
    }

    pub fn get(&self, name: &str) -> Option<&Thunk> {
        self.get_attr(name).map(|a| &a.value)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get_attr(name).is_some()
    }

    /// The attributes `keep` accepts, with the set's span and openness.
    pub fn filtered(&self, keep: impl Fn(&Attr) -> bool) -> Attrs {
        let entries = self.entries.iter().filter(|a| keep(a)).cloned().collect();
        let mut out = Attrs::from_sorted(entries).with_span(self.span);
        out.open = self.open.clone();
        out
    }

    /// `self // other`: the attributes of both, `other` winning.
    pub fn update(&self, other: &Attrs) -> Attrs {
        let (a, b) = (&self.entries, &other.entries);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].name.cmp(&b[j].name) {
                std::cmp::Ordering::Less => {
                    out.push(a[i].clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j].clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(b[j].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        Attrs {
            entries: out,
            span: other.span.or(self.span),
            open: other.open.clone().or_else(|| self.open.clone()),
        }
    }
}

/// A lambda and the environment it closes over.
pub struct Closure {
    pub def: Rc<LambdaDef>,
    pub(crate) env: Rc<Env>,
}

/// The Rust side of a builtin: receives its arguments unevaluated.
pub(crate) type NativeFn = dyn Fn(&mut Evaluator<'_>, &[Thunk], Span) -> EvalResult<Value>;

/// A builtin function of a fixed number of arguments. Rust code can make its own (the
/// module system provides `lib` this way) with [`PrimOp::native`].
pub struct PrimOp {
    pub name: Sym,
    pub arity: usize,
    pub func: Rc<NativeFn>,
}

impl PrimOp {
    /// A builtin implemented in Rust, as a function value.
    pub fn native(
        name: &str,
        arity: usize,
        func: impl Fn(&mut Evaluator<'_>, &[Thunk], Span) -> EvalResult<Value> + 'static,
    ) -> Value {
        Value::PrimOp(Rc::new(PrimOp {
            name: name.into(),
            arity,
            func: Rc::new(func),
        }))
    }
}

/// A builtin applied to fewer arguments than it takes.
pub struct PrimOpApp {
    pub op: Rc<PrimOp>,
    pub args: Vec<Thunk>,
}

/// Why a value is unknown, and what is known of its shape.
#[derive(Clone, Debug)]
pub struct Unknown {
    pub reason: Sym,
    pub span: Option<Span>,
    pub shape: Shape,
}

/// What an unknown value is known to be.
#[derive(Clone, Debug)]
pub enum Shape {
    Any,
    Bool,
    Int,
    Float,
    /// A string; `parts` keeps the known text around the unknown pieces.
    String(Rc<[StrPart]>),
    Path,
    List,
    Attrs,
    Function,
}

/// A piece of a partly known string.
#[derive(Clone, Debug)]
pub enum StrPart {
    Known(Rc<str>),
    Unknown(Sym),
}

impl Unknown {
    pub fn value(reason: impl Into<Sym>, shape: Shape) -> Value {
        Value::Unknown(Rc::new(Unknown {
            reason: reason.into(),
            span: None,
            shape,
        }))
    }

    /// An unknown of any shape that arose at `span`.
    pub fn at(reason: impl Into<Sym>, span: Span) -> Value {
        Value::Unknown(Rc::new(Unknown {
            reason: reason.into(),
            span: Some(span),
            shape: Shape::Any,
        }))
    }

    /// The known parts of an unknown string, if it is one.
    pub fn string_parts(&self) -> Option<&[StrPart]> {
        match &self.shape {
            Shape::String(parts) => Some(parts),
            _ => None,
        }
    }
}

impl Value {
    pub fn string(text: impl Into<Rc<str>>) -> Value {
        Value::String(NixString::plain(text))
    }

    pub fn unknown(reason: impl Into<Sym>) -> Value {
        Unknown::value(reason, Shape::Any)
    }

    pub fn attrs(attrs: Attrs) -> Value {
        Value::Attrs(Rc::new(attrs))
    }

    pub fn list(items: Vec<Thunk>) -> Value {
        Value::List(List::new(items))
    }

    /// The type name `builtins.typeOf` gives.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => "lambda",
            Value::Unknown(_) => "unknown",
        }
    }

    /// How Nix names the type in error messages ("value is an integer while ...").
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Lambda(_) => "a function",
            Value::PrimOp(_) => "a built-in function",
            Value::PrimOpApp(_) => "a partially applied built-in function",
            Value::Unknown(_) => "an unknown value",
        }
    }

    /// How current Nix names the value's type in its messages (`showType`): as
    /// [`Value::describe`], but builtins are named (`the built-in function 'map'`) and a
    /// string that refers to store paths is `a string with context`.
    pub fn show_type(&self) -> String {
        match self {
            Value::String(s) if s.context.as_ref().is_some_and(|c| !c.is_empty()) => {
                "a string with context".to_string()
            }
            Value::PrimOp(op) => format!("the built-in function '{}'", op.name),
            Value::PrimOpApp(app) => {
                format!("the partially applied built-in function '{}'", app.op.name)
            }
            other => other.describe().to_string(),
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    pub fn is_function(&self) -> bool {
        matches!(
            self,
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_)
        )
    }

    pub fn as_attrs(&self) -> Option<&Rc<Attrs>> {
        match self {
            Value::Attrs(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&List> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The text of a fully known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(&s.text),
            _ => None,
        }
    }

    /// The parts of a string, known or not: a known string is one known part.
    pub fn string_parts(&self) -> Option<Vec<StrPart>> {
        match self {
            Value::String(s) => Some(vec![StrPart::Known(s.text.clone())]),
            Value::Unknown(u) => u.string_parts().map(|p| p.to_vec()),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::String(s) => write!(f, "{:?}", s.text),
            Value::Path(p) => write!(f, "{p}"),
            Value::Attrs(a) => write!(f, "{{ {} attrs }}", a.len()),
            Value::List(l) => write!(f, "[ {} items ]", l.len()),
            Value::Lambda(_) => write!(f, "<LAMBDA>"),
            Value::PrimOp(p) => write!(f, "<PRIMOP {}>", p.name),
            Value::PrimOpApp(p) => write!(f, "<PRIMOP-APP {}>", p.op.name),
            Value::Unknown(u) => write!(f, "«unknown: {}»", u.reason),
        }
    }
}
