//! Proof that the local lints' fixes are safe: each offered fix, applied alone, must leave a
//! file that parses, has no new undefined name and no new finding besides the one it fixes.
//!
//! The inline cases run in CI; `corpus_fixes_are_safe` runs over every `.nix` file below
//! the folder named by `QG_CORPUS` (real fleets, not part of the repository) when it is set.

use std::collections::HashMap;
use std::path::Path;

use crate::lint::tests::lint_findings;

/// (rule, message) of every finding: positions move when text is deleted, names do not.
type Finding = (String, String);

/// Every way the fixes offered on `text` break it, one line each (empty when all are safe).
pub(crate) fn unsafe_fixes(text: &str) -> Vec<String> {
    try_fixes(text).1
}

/// How many fixes `text` offers, and every way they break it.
fn try_fixes(text: &str) -> (usize, Vec<String>) {
    let before = lint_findings(text);
    let mut problems = Vec::new();
    let mut tried = 0;
    for (finding, fixed_texts) in &before {
        for fixed in fixed_texts {
            tried += 1;
            let after: Vec<Finding> = lint_findings(fixed).into_iter().map(|(f, _)| f).collect();
            for new in new_findings(&before, finding, &after) {
                problems.push(format!(
                    "fix of {} `{}` brings {} `{}`:\n{fixed}",
                    finding.0, finding.1, new.0, new.1
                ));
            }
        }
    }
    (tried, problems)
}

/// Findings of `after` that `before` did not have, once `fixed` is gone.
fn new_findings(
    before: &[(Finding, Vec<String>)],
    fixed: &Finding,
    after: &[Finding],
) -> Vec<Finding> {
    let mut expected: HashMap<&Finding, usize> = HashMap::new();
    for (finding, _) in before {
        *expected.entry(finding).or_default() += 1;
    }
    if let Some(count) = expected.get_mut(fixed) {
        *count -= 1;
    }
    let mut new = Vec::new();
    for finding in after {
        match expected.get_mut(finding) {
            Some(count) if *count > 0 => *count -= 1,
            _ => new.push(finding.clone()),
        }
    }
    new
}

fn nix_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && entry.file_name() != ".git" {
            nix_files(&path, out);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "nix") {
            out.push(path);
        }
    }
}

#[test]
fn corpus_fixes_are_safe() {
    let Some(corpus) = std::env::var_os("QG_CORPUS") else {
        eprintln!("QG_CORPUS is not set: fixes not tried on real fleets (skipped)");
        return;
    };
    let mut files = Vec::new();
    nix_files(Path::new(&corpus), &mut files);
    assert!(!files.is_empty(), "no .nix file below {corpus:?}");
    let problems = crate::with_large_stack(move || {
        let (mut problems, mut tried) = (Vec::new(), 0);
        for path in &files {
            let text = crate::files::read_text(path).unwrap_or_default();
            let (count, found) = try_fixes(&text);
            tried += count;
            for problem in found {
                problems.push(format!("{}: {problem}", path.display()));
            }
        }
        eprintln!("{tried} fixes tried on {} files", files.len());
        problems
    });
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[cfg(test)]
mod tests {
    use super::unsafe_fixes;
    use crate::lint::tests::lint;

    /// The fixes offered on `text` are all safe; the findings and fixed texts, rendered.
    fn safe(text: &str) -> String {
        let problems = unsafe_fixes(text);
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
        lint(text)
    }

    #[test]
    fn only_binding_of_a_let_takes_the_let_with_it() {
        expect_test::expect![[r#"
            QG003 3:3 unused let binding `spare` [fix: remove `spare` => "{ ... }:\n{ }\n"]
        "#]]
        .assert_eq(&safe("{ ... }:\nlet\n  spare = 1;\nin\n  { }\n"));
        expect_test::expect![[r#"
            QG003 1:8 unused let binding `x` [fix: remove `x` => "[ (y: y) ]"]
        "#]]
        .assert_eq(&safe("[ (let x.a = 1; x.b = 2; in y: y) ]"));
    }

    #[test]
    fn formals_between_commas_and_before_ellipsis() {
        expect_test::expect![[r#"
            QG003 1:3 unused function argument `one` [fix: remove `one` => "{ two, three, ... }: two + three"]
        "#]]
        .assert_eq(&safe("{ one, two, three, ... }: two + three"));
        expect_test::expect![[r#"
            QG003 1:13 unused function argument `three` [fix: remove `three` => "{ one, two, ... }: one + two"]
        "#]]
        .assert_eq(&safe("{ one, two, three, ... }: one + two"));
        expect_test::expect![[r#"
            QG003 2:5 unused function argument `two` [fix: remove `two` => "{ one\n  , ...\n}: one"]
        "#]]
        .assert_eq(&safe("{ one\n  , two\n  , ...\n}: one"));
    }

    #[test]
    fn at_patterns_on_either_side() {
        expect_test::expect![[r#"
            QG003 1:1 unused function argument `args` [fix: remove `args` => "{ a, ... }: a"]
        "#]]
        .assert_eq(&safe("args@{ a, ... }: a"));
        expect_test::expect![[r#"
            QG003 1:14 unused function argument `args` [fix: remove `args` => "{ a, ... }: a"]
        "#]]
        .assert_eq(&safe("{ a, ... } @ args: a"));
        expect_test::expect![""].assert_eq(&safe("{ a, b, ... }@args: builtins.attrNames args"));
    }

    #[test]
    fn one_name_of_an_inherit() {
        expect_test::expect![[r#"
            QG003 1:35 unused let binding `b` [fix: remove `b` => "{ s, ... }: with s; let inherit a; in a"]
        "#]]
        .assert_eq(&safe("{ s, ... }: with s; let inherit a b; in a"));
        expect_test::expect![[r#"
            QG003 2:15 unused let binding `c` [fix: remove `c` => "{ s, ... }: let inherit (s) b;\n  in b"]
        "#]]
        .assert_eq(&safe("{ s, ... }: let inherit (s) b;\n  inherit (s) c;\n  in b"));
        expect_test::expect![[r#"
            QG003 1:3 unused function argument `s`
            QG003 1:29 unused let binding `c` [fix: remove `c` => "{ s, ... }: 1"]
        "#]]
        .assert_eq(&safe("{ s, ... }: let inherit (s) c; in 1"));
    }

    #[test]
    fn bindings_read_only_by_unused_ones() {
        // `b` is read only by the unused `inherit b`: both are reported, and only the
        // reader gets a fix (removing the formal first would leave `inherit b` undefined).
        expect_test::expect![[r#"
            QG003 1:6 unused function argument `b`
            QG003 1:30 unused let binding `b` [fix: remove `b` => "{ a, b, ... }: let inherit a; in a"]
        "#]]
        .assert_eq(&safe("{ a, b, ... }: let inherit a b; in a"));
        expect_test::expect![[r#"
            QG003 1:5 unused let binding `a`
            QG003 1:12 unused let binding `b` [fix: remove `b` => "let a = 1; in 2"]
        "#]]
        .assert_eq(&safe("let a = 1; b = a; in 2"));
    }

    #[test]
    fn comments_around_what_goes() {
        expect_test::expect![[r#"
            QG003 3:3 unused function argument `gone` [fix: remove `gone` => "{\n  kept,\n  # the one that goes\n  ...\n}: kept"]
        "#]]
        .assert_eq(&safe("{\n  kept,\n  gone, # the one that goes\n  ...\n}: kept"));
        expect_test::expect![[r#"
            QG003 4:3 unused let binding `b` [fix: remove `b` => "let\n  a = 1; # first\n  # second\nin a"]
        "#]]
        .assert_eq(&safe("let\n  a = 1; # first\n  # second\n  b = 2;\nin a"));
    }

    #[test]
    fn problems_are_found() {
        // The checker itself must be able to fail: a fix that breaks is caught.
        let before = vec![(
            ("QG003".to_string(), "x".to_string()),
            vec!["{".to_string()],
        )];
        let after = super::new_findings(
            &before,
            &("QG003".to_string(), "x".to_string()),
            &[("QG001".to_string(), "y".to_string())],
        );
        assert_eq!(after.len(), 1);
    }
}
