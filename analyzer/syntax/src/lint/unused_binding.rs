//! ## What it finds
//! A `let` binding nothing reads, or a function argument from a `{ ... }` pattern that the
//! function never uses (including an `args@` binding).
//!
//! Module arguments (`config`, `lib`, `pkgs`, `options`, `modulesPath`) and a flake's `self`
//! are exempt, since formatters and habits keep them in every header, and so is every name
//! that starts with `_`. A formal of a pattern without `...` is not reported: removing it would make
//! callers that pass it fail.
//!
//! ## Why it matters
//! Dead bindings mislead the reader: a `let port = 8080;` that nothing reads suggests the
//! service listens there. An unused module argument often hides a forgotten use, for example
//! a secret declared but never wired into the service.
//!
//! ## Example
//! ```nix
//! { config, lib, inputs, ... }:
//! let
//!   port = 8096;
//! in {
//!   services.jellyfin.enable = true;
//! }
//! ```
//! `inputs` and `port` are never used.
//!
//! ## Fix
//! Remove the binding (the quick fix does it), or use it where it was meant to be used.
//! Rename it to `_name` to keep it on purpose.

use rnix::{ast, SyntaxKind, SyntaxNode};
use rowan::{ast::AstNode, TextRange};

use crate::diagnostic::{Diagnostic, Fix, RelPath, Span, Tag, TextEdit};
use crate::edit::tidy_deletion;
use crate::lint::scope::{Binding, BindingKind, Resolution};
use crate::rule::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg003,
    summary: "let binding or function argument that is never used",
    source: include_str!("unused_binding.rs"),
};

/// Arguments that headers conventionally list even when unused: what the module system
/// passes every module, and the flake's `self`.
pub(crate) const CONVENTIONAL_ARGUMENTS: &[&str] =
    &["config", "lib", "pkgs", "options", "modulesPath", "self"];

pub(crate) fn check(resolution: &Resolution, file: &RelPath, text: &str) -> Vec<Diagnostic> {
    resolution
        .bindings
        .iter()
        .filter(|b| b.uses == 0 && reportable(b))
        .map(|b| diagnostic(b, file, text))
        .collect()
}

fn reportable(binding: &Binding) -> bool {
    if binding.name.starts_with('_') {
        return false;
    }
    match binding.kind {
        BindingKind::Let | BindingKind::PatBind => true,
        BindingKind::Formal { has_ellipsis } => {
            has_ellipsis && !CONVENTIONAL_ARGUMENTS.contains(&binding.name.as_str())
        }
        BindingKind::RecAttr | BindingKind::LambdaArg => false,
    }
}

fn diagnostic(binding: &Binding, file: &RelPath, text: &str) -> Diagnostic {
    let what = match binding.kind {
        BindingKind::Let => "let binding",
        _ => "function argument",
    };
    let span = Span {
        file: file.clone(),
        range: binding.name_ranges[0],
    };
    let message = format!("unused {what} `{}`", binding.name);
    let diagnostic = Diagnostic::new(RuleId::Qg003, span, message).with_tag(Tag::Unnecessary);
    let edits: Option<Vec<TextEdit>> = binding
        .definitions
        .iter()
        .map(|def| {
            let range = tidy_deletion(text, removal_range(def)?);
            Some(TextEdit {
                file: file.clone(),
                range,
                new_text: String::new(),
            })
        })
        .collect();
    match edits {
        Some(edits) => diagnostic.with_fix(Fix {
            title: format!("remove `{}`", binding.name),
            edits,
        }),
        None => diagnostic,
    }
}

/// What to delete to remove one definition of a binding.
fn removal_range(def: &SyntaxNode) -> Option<TextRange> {
    match def.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE | SyntaxKind::NODE_PAT_BIND => Some(def.text_range()),
        SyntaxKind::NODE_PAT_ENTRY => {
            let comma = next_token(def).filter(|t| t.kind() == SyntaxKind::TOKEN_COMMA)?;
            Some(TextRange::new(
                def.text_range().start(),
                comma.text_range().end(),
            ))
        }
        // A name inside `inherit a b;`: the name alone, or the whole inherit when it is the last.
        _ => {
            let inherit = def.parent().and_then(ast::Inherit::cast)?;
            if inherit.attrs().count() == 1 {
                Some(inherit.syntax().text_range())
            } else {
                Some(def.text_range())
            }
        }
    }
}

fn next_token(node: &SyntaxNode) -> Option<rnix::SyntaxToken> {
    let mut token = node.last_token()?.next_token();
    while let Some(t) = &token {
        if !matches!(
            t.kind(),
            SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT
        ) {
            break;
        }
        token = t.next_token();
    }
    token
}
