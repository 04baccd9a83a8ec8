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

use std::collections::HashMap;
use std::path::Path;

use support::{copy_tree, json_report, qg_check, workspace_root, TempDir};

/// (rule, file, line, severity).
type Finding = (String, String, u64, String);

/// The severity each rule's default level gives, from `qg-check --list-rules`.
fn default_severities() -> HashMap<String, String> {
    let out = qg_check(&workspace_root(), &["--list-rules"]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut cells = line.split_whitespace();
            let id = cells.next()?;
            let _name = cells.next()?;
            let severity = match cells.next()? {
                "deny" => "error",
                "warn" => "warning",
                "hint" => "hint",
                _ => "allow",
            };
            Some((id.to_string(), severity.to_string()))
        })
        .collect()
}

/// One marker entry: `QG102` or `QG102!warning`.
fn expected_finding(entry: &str, defaults: &HashMap<String, String>) -> (String, String) {
    let (rule, severity) = match entry.split_once('!') {
        Some((rule, severity)) => (rule, severity.to_string()),
        None => (entry, defaults.get(entry).cloned().unwrap_or_default()),
    };
    assert!(
        matches!(severity.as_str(), "error" | "warning" | "hint"),
        "marker `{entry}`: the severity is error, warning or hint (write it for a rule that is off by default)"
    );
    (rule.to_string(), severity)
}

/// Every `# expect: QG001 QG002!warning` marker below `dir`, as (rule, file, line, severity).
fn expectations(dir: &Path, rel: &str, defaults: &HashMap<String, String>, out: &mut Vec<Finding>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let rel_path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type().unwrap().is_dir() {
            expectations(&entry.path(), &rel_path, defaults, out);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let Some((_, marker)) = line.split_once("# expect:") else {
                continue;
            };
            for entry in marker.split([' ', ',']).filter(|r| r.starts_with("QG")) {
                let (rule, severity) = expected_finding(entry, defaults);
                out.push((rule, rel_path.clone(), i as u64 + 1, severity));
            }
        }
    }
}

/// The findings of a JSON report with their severities, sorted.
fn findings(report: &serde_json::Value) -> Vec<Finding> {
    let mut found: Vec<Finding> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

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
        let source = fixtures.join(name);
        let temp = TempDir::new(&format!("fixture-{name}"));
        copy_tree(&source, temp.path());
        let mut expected = Vec::new();
        expectations(&source, "", &defaults, &mut expected);
        // A fixture without any marker is a fleet that must stay silent.
        expected.sort();
        let (report, code) = json_report(temp.path(), &[]);
        let found = findings(&report);
        if found != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  found    {found:?}"
            ));
        }
        let has_error = report["summary"]["errors"].as_u64().unwrap() > 0;
        if code != i32::from(has_error) {
            failures.push(format!("{name}: exit code {code} with errors={has_error}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
