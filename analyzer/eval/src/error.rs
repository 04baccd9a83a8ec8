//! Evaluation errors, located and classified the way Nix reports them.

use std::fmt;

use super::value::Span;

/// The kind of an evaluation error; the names are those of the differential corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Type,
    MissingAttr,
    NotAFunction,
    MissingArg,
    UnexpectedArg,
    Throw,
    Abort,
    Assert,
    InfiniteRecursion,
    DivisionByZero,
    Index,
    /// The step budget or the depth limit was exceeded.
    Limit,
    /// Undefined variables, syntax errors, duplicate attributes, bad builtin arguments...
    Other,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Type => "type",
            ErrorKind::MissingAttr => "missing-attr",
            ErrorKind::NotAFunction => "not-a-function",
            ErrorKind::MissingArg => "missing-arg",
            ErrorKind::UnexpectedArg => "unexpected-arg",
            ErrorKind::Throw => "throw",
            ErrorKind::Abort => "abort",
            ErrorKind::Assert => "assert",
            ErrorKind::InfiniteRecursion => "infinite-recursion",
            ErrorKind::DivisionByZero => "division-by-zero",
            ErrorKind::Index => "index",
            ErrorKind::Limit => "limit",
            ErrorKind::Other => "other",
        }
    }

    /// Errors `builtins.tryEval` catches.
    pub fn is_catchable(self) -> bool {
        matches!(self, ErrorKind::Throw | ErrorKind::Assert)
    }
}

/// An evaluation error: what happened (Nix's first line), where, and the frames that led
/// there (innermost first).
#[derive(Debug, Clone)]
pub struct EvalError {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    pub trace: Vec<(Span, String)>,
    /// An unknown value took part: the error may not happen with the real inputs, so it is
    /// never reported as a diagnostic.
    pub involves_unknown: bool,
}

pub type EvalResult<T> = Result<T, Box<EvalError>>;

impl EvalError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Box<EvalError> {
        Box::new(EvalError {
            kind,
            message: message.into(),
            span: None,
            trace: Vec::new(),
            involves_unknown: false,
        })
    }

    pub fn at(kind: ErrorKind, message: impl Into<String>, span: Span) -> Box<EvalError> {
        let mut e = EvalError::new(kind, message);
        e.span = Some(span);
        e
    }
}

/// Shorthands used all over the evaluator.
pub(crate) fn type_error(message: impl Into<String>) -> Box<EvalError> {
    EvalError::new(ErrorKind::Type, message)
}

pub(crate) fn other_error(message: impl Into<String>) -> Box<EvalError> {
    EvalError::new(ErrorKind::Other, message)
}

/// Adds a location to an error that has none yet.
pub(crate) fn locate(mut e: Box<EvalError>, span: Span) -> Box<EvalError> {
    if e.span.is_none() {
        e.span = Some(span);
    }
    e
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}
