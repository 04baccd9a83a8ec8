//! Runs every fixture fleet under `tests/fixtures/` and compares the findings with the
//! `# expect: QG...` markers written on the lines where they must appear: nothing missing,
//! nothing extra. A fixture without markers must report nothing.

mod support;

use std::path::Path;

use support::{copy_tree, findings, json_report, workspace_root, TempDir};

type Finding = (String, String, u64);

/// Every `# expect: QG001 QG002` marker below `dir`, as (rule, file, line).
fn expectations(dir: &Path, rel: &str, out: &mut Vec<Finding>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let rel_path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type().unwrap().is_dir() {
            expectations(&entry.path(), &rel_path, out);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let Some((_, marker)) = line.split_once("# expect:") else {
                continue;
            };
            for rule in marker.split([' ', ',']).filter(|r| r.starts_with("QG")) {
                out.push((rule.to_string(), rel_path.clone(), i as u64 + 1));
            }
        }
    }
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
    let mut failures = Vec::new();
    for name in &names {
        let source = fixtures.join(name);
        let temp = TempDir::new(&format!("fixture-{name}"));
        copy_tree(&source, temp.path());
        let mut expected = Vec::new();
        expectations(&source, "", &mut expected);
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
