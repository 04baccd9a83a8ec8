//! The diagnostic model shared by every stage, the CLI and the language server.
//!
//! Plain data: a diagnostic names its rule, where it is (file + byte range), what else is
//! involved (related spans with their own messages), which name it suggests, and how to
//! fix it (text edits).

use std::fmt;

use rowan::TextRange;

use crate::rule::RuleId;

/// A path relative to the flake root, always with `/` separators.
pub type RelPath = std::sync::Arc<str>;

/// How serious a finding is, after `qg.toml` levels are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Hint,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range in one file of the flake.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: RelPath,
    pub range: TextRange,
}

/// Another place that explains the finding (the first definition of a duplicate, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One replacement of text; an empty `new_text` deletes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextEdit {
    pub file: RelPath,
    pub range: TextRange,
    pub new_text: String,
}

/// A named set of edits that repairs the finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// Editors show some findings differently (greyed-out unused code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    Unnecessary,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// The name a did-you-mean proposes, as data. A rule sets it and leaves its message
    /// without it; merging the hosts' findings (`qg-checks`) drops it where hosts disagree,
    /// then ends the message with it, so every front end shows one text.
    pub suggestion: Option<String>,
    pub primary: Span,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
    pub tags: Vec<Tag>,
}

impl Diagnostic {
    /// A finding at its rule's default severity; levels from `qg.toml` are applied later.
    pub fn new(rule: RuleId, primary: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_level().severity().unwrap_or(Severity::Warning),
            message: message.into(),
            suggestion: None,
            primary,
            related: Vec::new(),
            fixes: Vec::new(),
            tags: Vec::new(),
        }
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    /// A did-you-mean proposing `name` (see [`Diagnostic::suggestion`]).
    pub fn with_suggestion(mut self, name: impl Into<String>) -> Diagnostic {
        self.suggestion = Some(name.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_tag(mut self, tag: Tag) -> Diagnostic {
        self.tags.push(tag);
        self
    }

    /// Order used by every output: file, position, rule.
    pub fn sort_key(&self) -> (RelPath, u32, u32, &'static str) {
        (
            self.primary.file.clone(),
            self.primary.range.start().into(),
            self.primary.range.end().into(),
            self.rule.as_str(),
        )
    }
}
