//! What a host's evaluation finds, as plain data: which kind of problem, with what the rules
//! of `qg-checks` need to word it, at locations in the flake's files.
//!
//! This crate judges nothing and words nothing: it says *what* happened (an option nobody
//! declares was defined, a value does not have its option's type, an assertion failed...).
//! Which rule that is, how serious, and what the message says is up to `qg-checks`.

use qg_syntax::Span;

/// One finding of a host's evaluation (or of evaluating `flake.nix` itself).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostFinding {
    pub kind: FindingKind,
    /// Where it is: the first of the evaluation's candidate locations that lies in the flake.
    pub primary: Span,
    /// Other places in the flake involved, each once and none at `primary`.
    pub related: Vec<RelatedSpan>,
    /// A replacement of text that repairs the finding.
    pub fix: Option<Replacement>,
}

/// What a host's evaluation found, with the data that says it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// A definition of an option that is not declared, in a namespace the flake declares
    /// itself (at the definition's key).
    UnknownOption {
        /// The option's path as NixOS shows it (`a.b."c.d"`).
        option: String,
        /// The undeclared name: the last element of the path.
        name: String,
        /// Declared siblings close to `name`, closest first, at most three (Nix's own rule).
        suggestions: Vec<String>,
        /// Every module that may declare it is read: NixOS refuses the definition. Otherwise
        /// a module qg cannot read may declare it.
        certain: bool,
    },
    /// A definition whose value does not have the option's type.
    WrongType {
        option: String,
        /// The type's description (`list of string`).
        expected: String,
        /// The value, shortened.
        value: String,
        /// The definition is under a condition qg cannot decide (or may be overridden by
        /// one that is): NixOS checks it only if it is merged.
        conditional: bool,
    },
    /// A list where the option wants one element of a list (`lib.optional [ ... ]`).
    NestedList {
        /// The list option.
        option: String,
        /// The description of its elements' type.
        element: String,
        /// As for `WrongType`.
        conditional: bool,
    },
    /// An option without a value was read (related: its declaration).
    MissingValue {
        option: String,
        /// The evaluator's error.
        message: String,
    },
    /// Two definitions that cannot be merged (the primary location is the second one;
    /// related: the first).
    Conflict {
        option: String,
        why: ConflictKind,
        /// The value and the file (relative to the flake when inside it) of each definition.
        value: String,
        file: String,
        other_value: String,
        other_file: String,
    },
    /// An active assertion that is false.
    FailedAssertion {
        /// Its message (unknown parts shown), or `(no message)`.
        message: String,
    },
    /// An active warning.
    Warning { message: String },
    /// An import of a path the flake cannot see.
    MissingImport {
        /// The path, relative to the flake when inside it.
        path: String,
        why: MissingImportKind,
    },
    /// An evaluation error NixOS would also stop at (related: the steps of its trace).
    EvaluationError { message: String },
    /// A module with an explicit `config` or `options` and other attributes beside it,
    /// which NixOS refuses (at the first of them).
    UnsupportedAttributes {
        /// The module's file as NixOS names it.
        module: String,
        /// The attributes beside `config` and `options`, in the module's order.
        attributes: Vec<String>,
    },
}

/// Why two definitions of an option conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConflictKind {
    /// Different values of a type that merges only equal ones.
    DifferentValues,
    /// Several definitions of a `types.unique` option.
    NotUnique,
    /// `null` and a value of a `nullOr` type.
    NullAndNotNull,
}

/// Why an imported path is not seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingImportKind {
    /// It is on disk but git does not track it (a flake sees only what git tracks).
    Untracked,
    /// A directory without a `default.nix`.
    NoDefaultNix,
    /// Nothing is there.
    Missing,
}

/// Another place involved in a finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RelatedSpan {
    pub span: Span,
    pub role: RelatedRole,
}

/// What a related place is to its finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RelatedRole {
    /// The declaration of the option read without a value.
    Declaration,
    /// The other definition of a conflict.
    OtherDefinition,
    /// A step of an evaluation error's trace: what the evaluator was doing there.
    Trace(String),
}

/// A replacement of the text at a span of the flake.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Replacement {
    pub span: Span,
    pub new_text: String,
}
