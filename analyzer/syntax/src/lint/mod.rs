//! Local lints: rules that need one file and nothing else.

pub(crate) mod duplicate_attribute;
#[cfg(test)]
mod fix_safety;
pub(crate) mod latent_list_nesting;
pub(crate) mod scope;
pub(crate) mod undefined_variable;
pub(crate) mod unused_binding;

use crate::db::{Db, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::files::FileKind;

/// Syntax errors and local lints of one file, at the rules' default severities.
#[salsa::tracked(returns(ref))]
pub fn lint_diagnostics(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let path = file.path(db);
    if FileKind::of(path) != Some(FileKind::Nix) {
        return Vec::new();
    }
    let parse = crate::parser::parse(db, file);
    let mut found = crate::parser::syntax_diagnostics(db, file);
    if !found.is_empty() {
        // Lints over an error-recovered tree would guess; the syntax error comes first.
        return found;
    }
    let root = parse.root();
    let root = rowan::ast::AstNode::syntax(&root);
    let resolution = scope::resolve_scopes(root);
    found.extend(undefined_variable::check(&resolution, path));
    found.extend(unused_binding::check(&resolution, path, file.text(db)));
    found.extend(duplicate_attribute::check(root, path));
    found.extend(latent_list_nesting::check(root, &resolution, path));
    found
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use expect_test::{expect, Expect};

    use crate::db::{SourceFile, TestDb};
    use crate::lines::LineIndex;

    /// Runs the local lints on `text`: each finding as (rule, message), with the text each
    /// of its fixes leaves.
    pub(crate) fn lint_findings(text: &str) -> Vec<((String, String), Vec<String>)> {
        let db = TestDb::default();
        let file = SourceFile::new(&db, "test.nix".into(), Arc::from(text));
        super::lint_diagnostics(&db, file)
            .iter()
            .map(|d| {
                let fixed = d.fixes.iter().map(|fix| apply_fix(text, fix)).collect();
                ((d.rule.to_string(), d.message.clone()), fixed)
            })
            .collect()
    }

    fn apply_fix(text: &str, fix: &crate::diagnostic::Fix) -> String {
        let edits: Vec<_> = fix
            .edits
            .iter()
            .map(|e| (e.range, e.new_text.as_str()))
            .collect();
        crate::edit::apply_edits(text, &edits)
    }

    /// Runs the local lints on `text` and renders one line per finding:
    /// `RULE line:col message [fix: title]` (1-based).
    pub(crate) fn lint(text: &str) -> String {
        let db = TestDb::default();
        let file = SourceFile::new(&db, "test.nix".into(), Arc::from(text));
        let index = LineIndex::new(text);
        let mut out = String::new();
        for d in super::lint_diagnostics(&db, file) {
            let at = index.line_col_chars(text, d.primary.range.start());
            out.push_str(&format!(
                "{} {}:{} {}",
                d.rule,
                at.line + 1,
                at.col + 1,
                d.message
            ));
            for fix in &d.fixes {
                let fixed = apply_fix(text, fix);
                out.push_str(&format!(" [fix: {} => {:?}]", fix.title, fixed));
            }
            out.push('\n');
        }
        out
    }

    fn check(text: &str, expected: Expect) {
        expected.assert_eq(&lint(text));
    }

    #[test]
    fn clean_module_has_no_findings() {
        check(
            r#"{ config, lib, pkgs, ... }:
let
  cfg = config.qgroget.services;
  inherit (lib) mkIf;
in {
  config = mkIf (cfg != { }) {
    environment.systemPackages = with pkgs; [ git curl ];
    networking.firewall.allowedTCPPorts = [ 80 443 ];
    services.x = rec { a = 1; b = a + 1; };
  };
}
"#,
            expect![""],
        );
    }

    #[test]
    fn undefined_variable_is_reported_outside_with() {
        check(
            "{ config, ... }: { a = pkgs.git; b = builtins.map toString [ 1 ]; c = __add 1 2; }",
            expect![[r#"
                QG002 1:24 undefined variable `pkgs`
            "#]],
        );
    }

    #[test]
    fn with_unknown_subject_hides_undefined_names() {
        check(
            "{ pkgs, ... }: with pkgs; [ hello nonexistent ]",
            expect![""],
        );
    }

    #[test]
    fn with_literal_subject_only_provides_its_keys() {
        check(
            "with { a = 1; }; [ a b ]",
            expect![[r#"
                QG002 1:22 undefined variable `b`
            "#]],
        );
    }

    #[test]
    fn scopes_of_let_rec_lambda_and_formal_defaults() {
        check(
            "let f = { a, b ? a, ... }@args: [ a b args ]; in rec { x = f; y = x; z = let inherit y; in y; }",
            expect![""],
        );
    }

    #[test]
    fn inherit_reads_the_outer_scope() {
        check(
            "let a = 1; in let inherit a; b = c; in [ a b ]",
            expect![[r#"
                QG002 1:34 undefined variable `c`
            "#]],
        );
    }

    #[test]
    fn inherit_inside_with_of_unknown_set_may_come_from_it() {
        check(
            "{ pkgs, ... }: { apps = with pkgs.extras; { inherit alpha beta; }; }",
            expect![""],
        );
        check(
            "{ pkgs, ... }: { apps = with pkgs.extras; rec { inherit gamma; delta = gamma; }; }",
            expect![""],
        );
        check(
            "{ pkgs, ... }: { apps = { inherit alpha; }; }",
            expect![[r#"
                QG002 1:35 undefined variable `alpha`
            "#]],
        );
    }

    #[test]
    fn source_of_inherit_from_and_dynamic_keys_are_uses() {
        check(
            "{ lib, config, ... }: let inherit (lib) space; inherit (config.${space}) card; in card",
            expect![""],
        );
        check("let outer = { }; in { inherit (outer) x; }", expect![""]);
    }

    #[test]
    fn default_of_a_formal_reads_other_formals() {
        check("{ first, second ? first, ... }: second", expect![""]);
        check(
            "{ first, second ? { x = first; }, ... }: second",
            expect![""],
        );
    }

    #[test]
    fn unused_let_binding_with_fix() {
        check(
            "let\n  used = 1;\n  unused = 2;\nin used\n",
            expect![[r#"
                QG003 3:3 unused let binding `unused` [fix: remove `unused` => "let\n  used = 1;\nin used\n"]
            "#]],
        );
    }

    #[test]
    fn unused_formal_only_with_ellipsis_and_not_module_args() {
        check(
            "[ ({ config, lib, pkgs, inputs, _hidden, ... }: config) ({ a, b }: a) (x: 1) ]",
            expect![[r#"
                QG003 1:25 unused function argument `inputs` [fix: remove `inputs` => "[ ({ config, lib, pkgs, _hidden, ... }: config) ({ a, b }: a) (x: 1) ]"]
            "#]],
        );
    }

    #[test]
    fn unused_inherit_name_and_pattern_bind() {
        check(
            "{ a, ... }@args: let inherit (a) b c; in b",
            expect![[r#"
                QG003 1:12 unused function argument `args` [fix: remove `args` => "{ a, ... }: let inherit (a) b c; in b"]
                QG003 1:36 unused let binding `c` [fix: remove `c` => "{ a, ... }@args: let inherit (a) b; in b"]
            "#]],
        );
    }

    #[test]
    fn duplicate_attributes_as_nix_rejects_them() {
        check(
            "{ a = 1; a = 2; b.c = 1; b.c = 2; d = 1; d.e = 2; f = { x = 1; }; f = { x = 2; }; }",
            expect![[r#"
                QG004 1:10 attribute `a` is already defined
                QG004 1:28 attribute `b.c` is already defined
                QG004 1:42 attribute `d` is already defined
                QG004 1:73 attribute `f.x` is already defined
            "#]],
        );
    }

    #[test]
    fn merged_literal_sets_are_not_duplicates() {
        check(
            "let a = { x = 1; }; a.y = 2; in { b = rec { x = 1; }; b.y = 2; c.x = 1; c = ({ y = 2; }); d.${a.x} = 1; d.${a.y} = 2; }",
            expect![""],
        );
    }

    #[test]
    fn nested_literal_sets_merge_as_current_nix_merges_them() {
        // Nix 2.26 merges `a = { b.c = 1; }; a = { b.d = 2; };` into `a.b = { c; d; }`;
        // only a leaf defined twice is a duplicate.
        check(
            "{ a = { b.c = 1; }; a = { b.d = 2; }; e = { f = { g = 1; }; }; e = { f = { h = 2; }; }; }",
            expect![""],
        );
        check(
            "{ a = { b.c = 1; }; a = { b = { c = 2; }; }; }",
            expect![[r#"
                QG004 1:33 attribute `a.b.c` is already defined
            "#]],
        );
    }

    #[test]
    fn inherit_and_definition_clash() {
        check(
            "let x = { }; in { inherit x; x.y = 1; }",
            expect![[r#"
                QG004 1:30 attribute `x` is already defined
            "#]],
        );
    }

    #[test]
    fn broken_file_reports_only_syntax() {
        let found = lint("{ a = b\n  c = 2; }");
        assert!(found.lines().all(|l| l.starts_with("QG001")), "{found}");
        assert!(!found.is_empty());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = format!("{}1", "1 + ".repeat(100_000));
        assert_eq!(crate::with_large_stack(move || lint(&text)), "");
    }
}
