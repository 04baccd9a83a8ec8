//! ## What it finds
//! A call of nixpkgs' `optional` or `optionals` whose element argument has the wrong shape,
//! written so that it breaks only the day its condition turns true:
//!
//! - `lib.optional cond [ ... ]`: `optional` wraps its argument in a list, so a list literal
//!   becomes a list inside a list (`[ [ 8080 ] ]`);
//! - `lib.optionals cond "text"` (or a number, a path, an attribute set literal):
//!   `optionals` returns its argument as the list, and a string is not one.
//!
//! The function is recognised as `lib.optional`, `lib.lists.optional`, `pkgs.lib.optional`,
//! or a bare `optional` that comes from `lib` (under `with lib;`, or from
//! `inherit (lib) optional;`). Only literals are judged: an argument whose value qg would
//! have to compute is never reported. Nor is a call whose condition is written `true` or
//! `false`: nothing is latent there (a list made on purpose, or QG109 where it lands).
//!
//! ## Why it matters
//! While the condition is false both calls give `[ ]`, so the host builds and the mistake
//! sleeps. The day someone enables the feature, NixOS stops with a type error far from the
//! line (`... is not of type 'list of ...'` or `expected a list but found a string`).
//! QG109 reports the nested list once it is actually there; this rule reports it before.
//!
//! ## Example
//! ```nix
//! networking.firewall.allowedTCPPorts = [ 80 443 ] ++ lib.optional cfg.test.enable [ 8080 ];
//! environment.systemPackages = lib.optionals cfg.gui pkgs.firefox;
//! ```
//! The first gives `[ 80 443 [ 8080 ] ]` once the test is enabled. The second is caught only
//! because `pkgs.firefox` is not a literal; `lib.optionals cfg.gui "firefox"` is.
//!
//! ## Fix
//! `lib.optionals cond [ ... ]` for several elements (the quick fix renames the function when
//! `optionals` is lib's at that place too), `lib.optional cond x` for one, and
//! `lib.optionals cond [ x ]` when the element was meant as a one-element list (the quick fix
//! adds the brackets).

use rnix::{ast, SyntaxNode};
use rowan::{ast::AstNode, TextRange};

use crate::diagnostic::{Diagnostic, Fix, RelPath, Span, TextEdit};
use crate::lint::scope::{static_attr_name, strip_parens, Resolution, ScopeKind};
use crate::rule::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg005,
    summary:
        "`optional` given a list, or `optionals` given a non-list: wrong once the condition holds",
    source: include_str!("latent_list_nesting.rs"),
};

const OPTIONAL: &str = "optional";
const OPTIONALS: &str = "optionals";

pub(crate) fn check(root: &SyntaxNode, resolution: &Resolution, file: &RelPath) -> Vec<Diagnostic> {
    root.descendants()
        .filter_map(ast::Apply::cast)
        .filter_map(|apply| finding(&apply, resolution, file))
        .collect()
}

/// `f cond element` where `f` is lib's `optional` or `optionals` and `element` has the
/// shape the other one wants.
fn finding(outer: &ast::Apply, resolution: &Resolution, file: &RelPath) -> Option<Diagnostic> {
    let ast::Expr::Apply(inner) = strip_parens(outer.lambda()?) else {
        return None;
    };
    if is_literal_condition(&strip_parens(inner.argument()?)) {
        return None; // nothing waits for a condition: the value is what it is, now
    }
    let function = strip_parens(inner.lambda()?);
    let element = strip_parens(outer.argument()?);
    let (name, name_range) = lib_function(&function, resolution)?;
    let span = Span {
        file: file.clone(),
        range: element.syntax().text_range(),
    };
    match name.as_str() {
        OPTIONAL if matches!(element, ast::Expr::List(_)) => {
            let message = "`optional` wraps this list in another list once the condition \
                           holds; `optionals` takes the list as it is";
            let diagnostic = Diagnostic::new(RuleId::Qg005, span, message);
            let rename = renamed_to_optionals(&function, name_range, resolution);
            Some(match rename {
                Some(edit) => diagnostic.with_fix(fix(file, "use `optionals`", vec![edit])),
                None => diagnostic,
            })
        }
        OPTIONALS if is_non_list_literal(&element) => {
            let message = "`optionals` returns this value as the list once the condition \
                           holds, and it is not a list";
            let range = element.syntax().text_range();
            let edits = vec![
                (TextRange::empty(range.start()), "[ ".to_string()),
                (TextRange::empty(range.end()), " ]".to_string()),
            ];
            Some(Diagnostic::new(RuleId::Qg005, span, message).with_fix(fix(
                file,
                "put it in a list",
                edits,
            )))
        }
        _ => None,
    }
}

/// `true` or `false` written as the condition.
fn is_literal_condition(condition: &ast::Expr) -> bool {
    matches!(condition, ast::Expr::Ident(ident) if matches!(ident.syntax().text().to_string().as_str(), "true" | "false"))
}

fn fix(file: &RelPath, title: &str, edits: Vec<(TextRange, String)>) -> Fix {
    Fix {
        title: title.to_string(),
        edits: edits
            .into_iter()
            .map(|(range, new_text)| TextEdit {
                file: file.clone(),
                range,
                new_text,
            })
            .collect(),
    }
}

/// A literal that is certainly not a list: a string, a number, a path or an attribute set.
fn is_non_list_literal(expr: &ast::Expr) -> bool {
    matches!(
        expr,
        ast::Expr::Str(_)
            | ast::Expr::Literal(_)
            | ast::Expr::PathAbs(_)
            | ast::Expr::PathRel(_)
            | ast::Expr::PathHome(_)
            | ast::Expr::PathSearch(_)
            | ast::Expr::AttrSet(_)
    )
}

/// The name (`optional` or `optionals`) and its range, when `function` is that function
/// of nixpkgs' lib.
fn lib_function(function: &ast::Expr, resolution: &Resolution) -> Option<(String, TextRange)> {
    match function {
        ast::Expr::Select(select) => {
            if select.or_token().is_some() {
                return None;
            }
            let attrs: Vec<ast::Attr> = select.attrpath()?.attrs().collect();
            let (last, path) = attrs.split_last()?;
            let name = static_attr_name(last)?;
            let path: Option<Vec<String>> = path.iter().map(static_attr_name).collect();
            let base = strip_parens(select.expr()?);
            (is_target_name(&name) && is_lib_path(&base, &path?))
                .then(|| (name, last.syntax().text_range()))
        }
        ast::Expr::Ident(ident) => {
            let name = ident.syntax().text().to_string();
            let range = ident.syntax().text_range();
            (is_target_name(&name) && comes_from_lib(ident.syntax(), &name, resolution))
                .then_some((name, range))
        }
        _ => None,
    }
}

fn is_target_name(name: &str) -> bool {
    name == OPTIONAL || name == OPTIONALS
}

/// `base.path...` names lib or its `lists`: `lib`, `lib.lists`, `pkgs.lib`, `pkgs.lib.lists`.
fn is_lib_path(base: &ast::Expr, path: &[String]) -> bool {
    let ast::Expr::Ident(ident) = base else {
        return false;
    };
    let mut full = vec![ident.syntax().text().to_string()];
    full.extend(path.iter().cloned());
    let full: Vec<&str> = full.iter().map(String::as_str).collect();
    matches!(
        full.as_slice(),
        ["lib"] | ["lib", "lists"] | ["pkgs", "lib"] | ["pkgs", "lib", "lists"]
    )
}

/// Whether `lib` itself (or `lib.lists`) is the expression `expr`.
fn is_lib_expr(expr: &ast::Expr) -> bool {
    match strip_parens(expr.clone()) {
        ast::Expr::Ident(_) => is_lib_path(&strip_parens(expr.clone()), &[]),
        ast::Expr::Select(select) => {
            let Some(path) = select.attrpath() else {
                return false;
            };
            let path: Option<Vec<String>> = path.attrs().map(|a| static_attr_name(&a)).collect();
            match (select.expr(), path) {
                (Some(base), Some(path)) if select.or_token().is_none() => {
                    is_lib_path(&strip_parens(base), &path)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether the variable `name` at `at` is lib's: inherited from lib in the innermost scope
/// that binds it, or, when no scope binds it, provided by the innermost `with` that may.
fn comes_from_lib(at: &SyntaxNode, name: &str, resolution: &Resolution) -> bool {
    let offset = at.text_range().start();
    let bound = resolution
        .scopes_at(offset)
        .find_map(|scope| match &scope.kind {
            ScopeKind::Lexical(ids) => ids
                .iter()
                .copied()
                .find(|&id| resolution.bindings[id].name == name),
            ScopeKind::With(_) => None,
        });
    match bound {
        Some(id) => resolution.bindings[id]
            .definitions
            .iter()
            .all(inherited_from_lib),
        None => !crate::lint::scope::is_global(name) && innermost_with_is_lib(at, name),
    }
}

/// `inherit (lib) name;`: the definition node is the name inside that inherit.
fn inherited_from_lib(def: &SyntaxNode) -> bool {
    def.parent()
        .and_then(ast::Inherit::cast)
        .and_then(|inherit| inherit.from()?.expr())
        .is_some_and(|from| is_lib_expr(&from))
}

/// Walks the `with`s around `at`, innermost first: a literal set that has `name` decides
/// against lib, one that has not is skipped, `with lib;` decides for it, anything else
/// leaves it unknown (not lib).
fn innermost_with_is_lib(at: &SyntaxNode, name: &str) -> bool {
    let mut child = at.clone();
    for ancestor in at.ancestors().skip(1) {
        if let Some(with) = ast::With::cast(ancestor.clone()) {
            let in_body = with.body().is_some_and(|b| b.syntax() == &child);
            if in_body {
                match with.namespace().map(strip_parens) {
                    Some(ast::Expr::AttrSet(set)) => {
                        if literal_set_may_have(&set, name) {
                            return false;
                        }
                    }
                    Some(namespace) => return is_lib_expr(&namespace),
                    None => return false,
                }
            }
        }
        child = ancestor;
    }
    false
}

/// Whether a literal set may have the key `name` (a dynamic key may be anything).
fn literal_set_may_have(set: &ast::AttrSet, name: &str) -> bool {
    use rnix::ast::HasEntry;
    set.entries().any(|entry| match entry {
        ast::Entry::AttrpathValue(value) => value
            .attrpath()
            .and_then(|p| p.attrs().next())
            .is_none_or(|attr| static_attr_name(&attr).is_none_or(|key| key == name)),
        ast::Entry::Inherit(inherit) => inherit
            .attrs()
            .any(|attr| static_attr_name(&attr).is_none_or(|key| key == name)),
    })
}

/// The edit that turns `optional` into `optionals`, when `optionals` there is lib's too.
fn renamed_to_optionals(
    function: &ast::Expr,
    name_range: TextRange,
    resolution: &Resolution,
) -> Option<(TextRange, String)> {
    let safe = match function {
        // `lib.optional` -> `lib.optionals`: the same set has both.
        ast::Expr::Select(_) => true,
        ast::Expr::Ident(ident) => comes_from_lib(ident.syntax(), OPTIONALS, resolution),
        _ => false,
    };
    safe.then(|| (TextRange::empty(name_range.end()), "s".to_string()))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use crate::lint::tests::lint;

    fn check(text: &str, expected: Expect) {
        expected.assert_eq(&lint(text));
    }

    #[test]
    fn optional_given_a_list_literal() {
        check(
            "{ lib, pkgs, c, ... }: [ (lib.optional c [ 1 ]) (lib.lists.optional c [ 2 ]) (pkgs.lib.optional c ([ 3 ])) ]",
            expect![[r#"
                QG005 1:42 `optional` wraps this list in another list once the condition holds; `optionals` takes the list as it is [fix: use `optionals` => "{ lib, pkgs, c, ... }: [ (lib.optionals c [ 1 ]) (lib.lists.optional c [ 2 ]) (pkgs.lib.optional c ([ 3 ])) ]"]
                QG005 1:71 `optional` wraps this list in another list once the condition holds; `optionals` takes the list as it is [fix: use `optionals` => "{ lib, pkgs, c, ... }: [ (lib.optional c [ 1 ]) (lib.lists.optionals c [ 2 ]) (pkgs.lib.optional c ([ 3 ])) ]"]
                QG005 1:100 `optional` wraps this list in another list once the condition holds; `optionals` takes the list as it is [fix: use `optionals` => "{ lib, pkgs, c, ... }: [ (lib.optional c [ 1 ]) (lib.lists.optional c [ 2 ]) (pkgs.lib.optionals c ([ 3 ])) ]"]
            "#]],
        );
    }

    #[test]
    fn bare_optional_from_lib() {
        check(
            "{ lib, c, ... }: with lib; optional c [ 80 ] ++ (let inherit (lib) optional; in optional c [ 443 ])",
            expect![[r#"
                QG005 1:39 `optional` wraps this list in another list once the condition holds; `optionals` takes the list as it is [fix: use `optionals` => "{ lib, c, ... }: with lib; optionals c [ 80 ] ++ (let inherit (lib) optional; in optional c [ 443 ])"]
                QG005 1:92 `optional` wraps this list in another list once the condition holds; `optionals` takes the list as it is [fix: use `optionals` => "{ lib, c, ... }: with lib; optional c [ 80 ] ++ (let inherit (lib) optional; in optionals c [ 443 ])"]
            "#]],
        );
    }

    #[test]
    fn rename_only_where_optionals_is_lib_too() {
        // `optionals` is bound to something else here: the finding stays, without a fix.
        check(
            "{ lib, c, ... }: let inherit (lib) optional; optionals = x: x; in [ (optional c [ 1 ]) optionals ]",
            expect![[r#"
                QG005 1:81 `optional` wraps this list in another list once the condition holds; `optionals` takes the list as it is
            "#]],
        );
    }

    #[test]
    fn optionals_given_a_value_that_is_not_a_list() {
        check(
            "{ lib, c, ... }: lib.optionals c \"--verbose\" ++ lib.optionals c { a = 1; } ++ lib.optionals c ./x.nix ++ lib.optionals c 8080",
            expect![[r#"
                QG005 1:34 `optionals` returns this value as the list once the condition holds, and it is not a list [fix: put it in a list => "{ lib, c, ... }: lib.optionals c [ \"--verbose\" ] ++ lib.optionals c { a = 1; } ++ lib.optionals c ./x.nix ++ lib.optionals c 8080"]
                QG005 1:65 `optionals` returns this value as the list once the condition holds, and it is not a list [fix: put it in a list => "{ lib, c, ... }: lib.optionals c \"--verbose\" ++ lib.optionals c [ { a = 1; } ] ++ lib.optionals c ./x.nix ++ lib.optionals c 8080"]
                QG005 1:95 `optionals` returns this value as the list once the condition holds, and it is not a list [fix: put it in a list => "{ lib, c, ... }: lib.optionals c \"--verbose\" ++ lib.optionals c { a = 1; } ++ lib.optionals c [ ./x.nix ] ++ lib.optionals c 8080"]
                QG005 1:122 `optionals` returns this value as the list once the condition holds, and it is not a list [fix: put it in a list => "{ lib, c, ... }: lib.optionals c \"--verbose\" ++ lib.optionals c { a = 1; } ++ lib.optionals c ./x.nix ++ lib.optionals c [ 8080 ]"]
            "#]],
        );
    }

    #[test]
    fn silent_when_the_shape_is_right_or_unknown() {
        check(
            "{ lib, pkgs, c, xs, optional, ... }: with pkgs; [
               (lib.optional c 1) (lib.optionals c [ 1 ]) (lib.optionals c xs) (lib.optional c xs)
               (optional c [ 1 ])
               (with { optional = a: b: [ b ]; }; optional c [ 1 ])
               (with lib; with pkgs; optional c [ 1 ])
            (lib.optional true [ 1 ]) (lib.optionals false \"x\")
               (lib.optionals c (toString 1))
             ]",
            expect![""],
        );
    }
}
