//! Runs every fixture fleet under `tests/fixtures/` and compares the findings with the
//! `# expect:` markers written on the lines where they must appear: nothing missing,
//! nothing extra. A fixture without markers must report nothing.
//!
//! A marker lists rule ids, each optionally followed by `!` and a severity:
//!
//! ```nix
//! x = 1; # expect: QG101              (QG101 at its rule's default level)
//! y = 2; # expect: QG102!warning      (QG102, re-levelled to a warning)
//! z = 3; # expect: QG005 QG401!hint
//! ```
//!
//! The severity is `error`, `warning` or `hint`, as the JSON output spells it. Without
//! one, the finding must have its rule's default severity (`qg-check --list-rules`), so a
//! finding a rule re-levels is always written with its level and a change of level fails.
//! A fixture whose `qg.toml` sets a rule's level (or enables a rule that is off by
//! default) writes the severity on each of that rule's markers.

mod support;

use support::{
    copy_tree, default_severities, expected_finding, marker_mismatches, workspace_root, TempDir,
};

#[test]
fn markers_name_a_severity_or_take_the_rules_default() {
    let defaults = default_severities();
    assert_eq!(defaults["QG002"], "error");
    assert_eq!(defaults["QG003"], "warning");
    assert_eq!(
        expected_finding("QG102!warning", &defaults),
        ("QG102".to_string(), "warning".to_string())
    );
    assert_eq!(
        expected_finding("QG102", &defaults),
        ("QG102".to_string(), "error".to_string())
    );
}

#[test]
#[should_panic(expected = "the severity is error, warning or hint")]
fn a_misspelt_severity_is_refused() {
    expected_finding("QG102!warn", &default_severities());
}

#[test]
fn every_fixture_reports_exactly_its_expectations() {
    let fixtures = workspace_root().join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert!(names.len() >= 8, "fixtures are missing: {names:?}");
    let defaults = default_severities();
    let mut failures = Vec::new();
    for name in &names {
        let temp = TempDir::new(&format!("fixture-{name}"));
        copy_tree(&fixtures.join(name), temp.path());
        // A fixture without any marker is a fleet that must stay silent.
        failures.extend(marker_mismatches(name, temp.path(), &[], &defaults));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
