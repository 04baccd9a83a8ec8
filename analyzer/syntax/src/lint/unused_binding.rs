//! ## What it finds
//! A `let` binding nothing reads, or a function argument from a `{ ... }` pattern that the
//! function never uses (including an `args@` binding).
//!
//! Module arguments (`config`, `lib`, `pkgs`, `options`, `modulesPath`) and a flake's `self`
//! are exempt, since formatters and habits keep them in every header, and so is every name
//! that starts with `_`. A formal of a pattern without `...` is not reported: removing it would make
//! callers that pass it fail. Nor is a formal of a pattern whose `@` binding is read
//! (`{ name, src, ... }@args: f args`): it names what the function takes and hands on, and
//! tools that call functions by their declared arguments (`builtins.functionArgs`, haumea)
//! pass only what the pattern lists.
//!
//! A use is any read of the name: in an expression, in the `(e)` of `inherit (e) x;`, in a
//! dynamic key `${name}`, in the default of another formal (`{ a, b ? a }`). A binding read
//! only inside the definitions of unused bindings is unused too (`let a = 1; b = a; in 2`
//! reports both).
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
//!
//! The quick fix leaves a file that parses and has no new finding: removing the last binding
//! of a `let` removes the `let ... in` around the body; a binding that unused ones still read
//! gets its fix once they are gone; where no such edit exists, none is offered.

use rnix::{
    ast::{self, HasEntry},
    SyntaxKind, SyntaxNode,
};
use rowan::{ast::AstNode, TextRange};

use crate::diagnostic::{Diagnostic, Fix, RelPath, Span, Tag, TextEdit};
use crate::edit::{apply_edits, tidy_deletion};
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
    let dead = dead_bindings(resolution);
    resolution
        .bindings
        .iter()
        .enumerate()
        .filter(|(id, _)| dead[*id])
        .map(|(_, b)| diagnostic(b, file, text))
        .collect()
}

/// Which bindings are reported: those nothing reads, and those read only inside the
/// definitions of reported ones (`let a = 1; b = a; in 2` reports both). The second kind gets
/// no fix: removing it alone would leave its readers undefined, while removing the readers
/// first leaves it plainly unused.
fn dead_bindings(resolution: &Resolution) -> Vec<bool> {
    let forwarding = forwarding_patterns(resolution);
    let reportable: Vec<bool> = resolution
        .bindings
        .iter()
        .map(|b| reportable(b, &forwarding))
        .collect();
    let mut dead: Vec<bool> = resolution
        .bindings
        .iter()
        .zip(&reportable)
        .map(|(b, &r)| r && b.uses == 0)
        .collect();
    loop {
        let dead_text: Vec<TextRange> = (0..dead.len())
            .filter(|&id| dead[id])
            .flat_map(|id| resolution.bindings[id].definitions.iter().map(owned_range))
            .collect();
        let newly_dead: Vec<usize> = (0..dead.len())
            .filter(|&id| !dead[id] && reportable[id])
            .filter(|&id| {
                resolution
                    .references_to(id)
                    .all(|r| dead_text.iter().any(|d| d.contains_range(r.range)))
            })
            .collect();
        if newly_dead.is_empty() {
            return dead;
        }
        for id in newly_dead {
            dead[id] = true;
        }
    }
}

/// The text a definition owns: what would go with it. A name of `inherit (e) a b;` owns
/// only itself, since `e` serves the other names too; the only name owns the whole inherit.
fn owned_range(def: &SyntaxNode) -> TextRange {
    removal_range(def).unwrap_or_else(|| def.text_range())
}

/// Patterns whose `@` binding is read: their formals describe what is passed on.
fn forwarding_patterns(resolution: &Resolution) -> Vec<SyntaxNode> {
    resolution
        .bindings
        .iter()
        .filter(|b| b.kind == BindingKind::PatBind && b.uses > 0)
        .filter_map(|b| b.definitions.first()?.parent())
        .collect()
}

fn reportable(binding: &Binding, forwarding: &[SyntaxNode]) -> bool {
    if binding.name.starts_with('_') {
        return false;
    }
    match binding.kind {
        BindingKind::Let | BindingKind::PatBind => true,
        BindingKind::Formal { has_ellipsis } => {
            has_ellipsis
                && !CONVENTIONAL_ARGUMENTS.contains(&binding.name.as_str())
                && !binding
                    .definitions
                    .iter()
                    .filter_map(SyntaxNode::parent)
                    .any(|pattern| forwarding.contains(&pattern))
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
    if binding.uses > 0 {
        return diagnostic; // read by other unused bindings: they must go first
    }
    match removal_fix(binding, file, text) {
        Some(fix) => diagnostic.with_fix(fix),
        None => diagnostic,
    }
}

/// The fix that removes every definition of `binding`, or `None` when no edit is known to
/// leave valid Nix behind (then none is offered).
fn removal_fix(binding: &Binding, file: &RelPath, text: &str) -> Option<Fix> {
    let ranges: Vec<TextRange> = binding
        .definitions
        .iter()
        .map(removal_range)
        .collect::<Option<_>>()?;
    let ranges = match emptied_let(binding, &ranges) {
        // `let in body` is valid Nix but reads as a mistake: the whole `let ... in` goes.
        Some(let_in) => vec![let_prefix(&let_in)?],
        None => ranges.into_iter().map(|r| tidy_deletion(text, r)).collect(),
    };
    let edits: Vec<TextEdit> = ranges
        .into_iter()
        .map(|range| TextEdit {
            file: file.clone(),
            range,
            new_text: String::new(),
        })
        .collect();
    if !leaves_valid_nix(text, &edits) {
        return None;
    }
    Some(Fix {
        title: format!("remove `{}`", binding.name),
        edits,
    })
}

/// The `let` that removing `ranges` would leave without any entry.
fn emptied_let(binding: &Binding, ranges: &[TextRange]) -> Option<ast::LetIn> {
    if binding.kind != BindingKind::Let {
        return None;
    }
    let let_in = binding
        .definitions
        .first()?
        .ancestors()
        .find_map(ast::LetIn::cast)?;
    let all_removed = let_in.entries().all(|entry| {
        let entry = entry.syntax().text_range();
        ranges.iter().any(|r| r.contains_range(entry))
    });
    all_removed.then_some(let_in)
}

/// From `let` up to the body: deleting it leaves the body in the let's place.
fn let_prefix(let_in: &ast::LetIn) -> Option<TextRange> {
    let start = let_in.let_token()?.text_range().start();
    let body = let_in.body()?.syntax().text_range().start();
    Some(TextRange::new(start, body))
}

/// Safety net under the fixes: the edited text must still parse.
fn leaves_valid_nix(text: &str, edits: &[TextEdit]) -> bool {
    let edits: Vec<_> = edits
        .iter()
        .map(|e| (e.range, e.new_text.as_str()))
        .collect();
    crate::parser::parse_text(&apply_edits(text, &edits))
        .errors
        .is_empty()
}

/// What to delete to remove one definition of a binding.
fn removal_range(def: &SyntaxNode) -> Option<TextRange> {
    match def.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE | SyntaxKind::NODE_PAT_BIND => Some(def.text_range()),
        SyntaxKind::NODE_PAT_ENTRY => {
            // With `...` every formal is followed by a comma; without one there is no fix.
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
