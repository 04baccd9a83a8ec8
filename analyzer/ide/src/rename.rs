//! Rename of local bindings, refused with a reason whenever the new text would not mean the
//! same program with only the name changed.

use std::fmt;

use rowan::{TextRange, TextSize};

use qg_syntax::{BindingKind, Resolution, ScopeKind, Target, TextEdit, Workspace};

use crate::{classify, Db, Definition, FileAnalysis, FilePosition};

/// Why a rename cannot be done; the message is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameError(pub String);

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenameError {}

fn refuse<T>(message: impl Into<String>) -> Result<T, RenameError> {
    Err(RenameError(message.into()))
}

const KEYWORDS: &[&str] = &[
    "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with",
];

/// Rename with the fleet in view: a service (`qgroget.services.<name>`) is renamed in
/// every file that names it; anything else as [`prepare_rename`].
pub(crate) fn prepare_rename(
    db: &dyn Db,
    position: FilePosition,
) -> Result<TextRange, RenameError> {
    let analysis = FileAnalysis::new(db, position.file);
    match crate::entities::entity_at(&analysis, position.offset) {
        Some(e) if e.kind == crate::entities::EntityKind::Service => Ok(e.range),
        _ => prepare_local_rename(db, position),
    }
}

/// The edits of [`prepare_rename`]'s rename, possibly in several files.
pub(crate) fn rename(
    db: &dyn Db,
    workspace: Workspace,
    position: FilePosition,
    new_name: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    let analysis = FileAnalysis::new(db, position.file);
    match crate::entities::entity_at(&analysis, position.offset) {
        Some(e) if e.kind == crate::entities::EntityKind::Service => {
            crate::entities::rename_service(db, workspace, &e.name, new_name)
                .ok_or_else(|| RenameError(format!("`{new_name}` cannot be a service name")))
        }
        _ => rename_local(db, position, new_name),
    }
}

/// The range of the local name that would be renamed, or why it cannot be.
pub(crate) fn prepare_local_rename(
    db: &dyn Db,
    position: FilePosition,
) -> Result<TextRange, RenameError> {
    let analysis = FileAnalysis::new(db, position.file);
    if crate::secrets::secret_at(&analysis, position.offset).is_some() {
        return refuse(crate::secrets::RENAME_REFUSAL);
    }
    renameable(&analysis, position.offset).map(|(range, _)| range)
}

/// The edits (all in the cursor's file) that rename the local binding under the cursor.
pub(crate) fn rename_local(
    db: &dyn Db,
    position: FilePosition,
    new_name: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    let analysis = FileAnalysis::new(db, position.file);
    if crate::secrets::secret_at(&analysis, position.offset).is_some() {
        return refuse(crate::secrets::RENAME_REFUSAL);
    }
    let (_, id) = renameable(&analysis, position.offset)?;
    if !is_identifier(new_name) {
        return refuse(format!("`{new_name}` is not a valid Nix identifier"));
    }
    let binding = &analysis.resolution.bindings[id];
    if binding.name == new_name {
        return Ok(Vec::new());
    }
    let same_scope = analysis
        .resolution
        .scopes
        .iter()
        .find_map(|s| match &s.kind {
            ScopeKind::Lexical(ids) if ids.contains(&id) => Some(ids),
            _ => None,
        });
    if let Some(other) = same_scope
        .into_iter()
        .flatten()
        .find(|&&other| analysis.resolution.bindings[other].name == new_name)
    {
        let line = analysis.line_of(analysis.resolution.bindings[*other].name_ranges[0].start());
        return refuse(format!(
            "`{new_name}` is already bound beside `{}` (line {line})",
            binding.name
        ));
    }
    let mut ranges: Vec<TextRange> = binding.name_ranges.clone();
    ranges.extend(analysis.resolution.references_to(id).map(|r| r.range));
    ranges.sort_by_key(|r| r.start());
    ranges.dedup();
    check_meaning_kept(&analysis, id, &ranges, new_name)?;
    Ok(ranges
        .into_iter()
        .map(|range| TextEdit {
            file: analysis.path.clone(),
            range,
            new_text: new_name.to_string(),
        })
        .collect())
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !KEYWORDS.contains(&name)
        && !qg_syntax::is_global(name)
}

/// The binding under the cursor, if renaming it changes nothing but its name.
fn renameable(
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Result<(TextRange, usize), RenameError> {
    let Some((range, definition)) = classify(analysis, offset) else {
        return refuse(
            "rename works on local bindings (let, function arguments); there is no name here",
        );
    };
    let id = match definition {
        Definition::Local(id) => id,
        Definition::Builtin(b) => {
            return refuse(format!(
                "`{}` is a Nix builtin and cannot be renamed",
                b.name
            ))
        }
        Definition::With(name) => {
            return refuse(format!(
                "`{name}` comes from a `with`; only local bindings can be renamed"
            ))
        }
        Definition::Undefined(name) => return refuse(format!("`{name}` is not defined anywhere")),
        Definition::Path(_) => return refuse("rename works on local bindings, not on paths"),
    };
    let binding = &analysis.resolution.bindings[id];
    let name = &binding.name;
    match binding.kind {
        BindingKind::Formal { .. } => {
            return refuse(format!(
                "`{name}` is an argument of a `{{ ... }}` pattern: callers pass it by name, so renaming it would break them"
            ))
        }
        BindingKind::RecAttr => {
            return refuse(format!(
                "`{name}` is an attribute of a `rec` set: renaming it would change the set's attribute names"
            ))
        }
        BindingKind::Let | BindingKind::LambdaArg | BindingKind::PatBind => {}
    }
    let inherited = binding.definitions.iter().any(|d| {
        d.kind() != rnix::SyntaxKind::NODE_ATTRPATH_VALUE && binding.kind == BindingKind::Let
    });
    if inherited {
        return refuse(format!(
            "`{name}` is bound by `inherit`, which takes its name from where it inherits; rename it there"
        ));
    }
    if let Some(r) = analysis.resolution.references_to(id).find(|r| r.in_inherit) {
        return refuse(format!(
            "`{name}` is used by `inherit {name};` at line {}, which would also rename an attribute",
            analysis.line_of(r.range.start())
        ));
    }
    Ok((range, id))
}

/// Re-resolves the renamed text and checks that every name still refers to what it did:
/// the new name must not capture other uses, nor be captured by an inner binding.
fn check_meaning_kept(
    analysis: &FileAnalysis,
    id: usize,
    ranges: &[TextRange],
    new_name: &str,
) -> Result<(), RenameError> {
    let edits: Vec<(TextRange, &str)> = ranges.iter().map(|r| (*r, new_name)).collect();
    let new_text = qg_syntax::apply_edits(&analysis.text, &edits);
    let delta = new_name.len() as i64 - i64::from(u32::from(ranges[0].len()));
    let shift = |offset: TextSize| -> TextSize {
        let before = ranges.iter().filter(|r| r.start() < offset).count() as i64;
        TextSize::from((i64::from(u32::from(offset)) + before * delta) as u32)
    };
    let new_root = qg_syntax::parse_text(&new_text).root();
    let renamed = qg_syntax::resolve_scopes(rowan::ast::AstNode::syntax(&new_root));
    let key = |resolution: &Resolution, target: Target, map: &dyn Fn(TextSize) -> TextSize| {
        match target {
            Target::Binding(b) => Some(map(resolution.bindings[b].name_ranges[0].start())),
            _ => None,
        }
    };
    let old = &analysis.resolution;
    if old.references.len() != renamed.references.len() {
        return refuse("the renamed text would not parse the same way");
    }
    for (before, after) in old.references.iter().zip(&renamed.references) {
        let same_target = std::mem::discriminant(&before.target)
            == std::mem::discriminant(&after.target)
            && key(old, before.target, &shift) == key(&renamed, after.target, &|o| o);
        if !same_target {
            let line = analysis.line_of(before.range.start());
            return refuse(if before.target == Target::Binding(id) {
                format!("renaming to `{new_name}` would make the use at line {line} refer to another `{new_name}`")
            } else {
                format!(
                    "renaming to `{new_name}` would capture `{}` at line {line}, which refers to something else now",
                    before.name
                )
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::fixture::Fixture;

    fn check(text: &str, new_name: &str, expected: Expect) {
        let fx = Fixture::new(text);
        let out = match rename_local(&fx.db, fx.position, new_name) {
            Ok(edits) => {
                let edits: Vec<_> = edits
                    .iter()
                    .map(|e| (e.range, e.new_text.as_str()))
                    .collect();
                qg_syntax::apply_edits(&fx.text(), &edits)
            }
            Err(e) => format!("error: {e}"),
        };
        expected.assert_eq(&out);
    }

    #[test]
    fn renames_let_binding_and_uses() {
        check(
            "let cfg = 1; b = cfg + 1; in c$0fg + b",
            "settings",
            expect!["let settings = 1; b = settings + 1; in settings + b"],
        );
        check(
            "let a.x = 1; a.y = 2; in a$0",
            "b",
            expect!["let b.x = 1; b.y = 2; in b"],
        );
        check("x$0: x + 1", "y", expect!["y: y + 1"]);
    }

    #[test]
    fn refuses_what_would_change_meaning() {
        check(
            "{ po$0rt, ... }: port",
            "p",
            expect!["error: `port` is an argument of a `{ ... }` pattern: callers pass it by name, so renaming it would break them"],
        );
        check(
            "let a$0 = 1; in { inherit a; }",
            "b",
            expect!["error: `a` is used by `inherit a;` at line 1, which would also rename an attribute"],
        );
        check(
            "let a$0 = 1; b = 2; in a + b",
            "b",
            expect!["error: `b` is already bound beside `a` (line 1)"],
        );
        check(
            "let a$0 = 1; in let b = 2; in a + b",
            "b",
            expect!["error: renaming to `b` would make the use at line 1 refer to another `b`"],
        );
        check(
            "{ pkgs }: let a$0 = 1; in with pkgs; [ a hello ]",
            "hello",
            expect!["error: renaming to `hello` would capture `hello` at line 1, which refers to something else now"],
        );
        check(
            "let a$0 = 1; in a",
            "in",
            expect!["error: `in` is not a valid Nix identifier"],
        );
        check(
            "[ ma$0p ]",
            "f",
            expect!["error: `map` is a Nix builtin and cannot be renamed"],
        );
        check("rec { a$0 = 1; b = a; }", "c", expect!["error: `a` is an attribute of a `rec` set: renaming it would change the set's attribute names"]);
    }
}
