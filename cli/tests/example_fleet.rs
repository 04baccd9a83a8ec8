//! The bundled example fleet is correct: qg-check reports nothing on it.

mod support;

use support::{findings, json_report, workspace_root};

#[test]
fn example_fleet_is_clean() {
    let fleet = workspace_root().join("examples/qgroget");
    let (report, code) = json_report(&fleet, &[]);
    assert_eq!(findings(&report), [], "the example fleet must stay clean");
    assert_eq!(code, 0);
    let files = report["summary"]["files"].as_u64().unwrap();
    assert!(
        files >= 40,
        "only {files} files seen: is examples/qgroget tracked by git?"
    );
}

/// qg's own flake (its `flake.nix`, benchmarks' fleets excluded) passes its own check.
#[test]
fn repository_flake_is_clean() {
    let (report, code) = json_report(&workspace_root(), &[]);
    assert_eq!(findings(&report), []);
    assert_eq!(code, 0);
}

/// Every key of the example fleet's `secrets.yaml` is a secret some host declares, and every
/// declared secret is in the file (QG201 both ways, QG204 turned on).
#[test]
fn example_secrets_and_sops_file_agree() {
    let dir = support::TempDir::new("example-secrets");
    support::copy_tree(&workspace_root().join("examples/qgroget"), dir.path());
    dir.write("qg.toml", "[rules]\nQG204 = \"hint\"\n");
    let (report, code) = json_report(dir.path(), &[]);
    assert_eq!(findings(&report), []);
    assert_eq!(code, 0);
}
