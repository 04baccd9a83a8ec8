//! The crate map is what the compiler enforces: the exact edges between workspace crates
//! (from `cargo metadata`), and the rules each analyzer crate keeps in its source.
//!
//! A new edge, a `pub mod`, or a rule id named in `qg-nixos` fails here with the reason,
//! so the map in `docs/architecture.md` stays true.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(from, to, kind)` for every dependency between two workspace packages.
fn workspace_edges() -> BTreeSet<(String, String, String)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    let members: BTreeSet<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    let mut edges = BTreeSet::new();
    for package in packages {
        let from = package["name"].as_str().unwrap();
        for dep in package["dependencies"].as_array().unwrap() {
            let to = dep["name"].as_str().unwrap();
            if members.contains(to) {
                let kind = dep["kind"].as_str().unwrap_or("normal");
                edges.insert((from.to_string(), to.to_string(), kind.to_string()));
            }
        }
    }
    edges
}

#[test]
fn crates_depend_on_each_other_one_way() {
    let expected: BTreeSet<(String, String, String)> = [
        ("qg-eval", "qg-syntax", "normal"),
        ("qg-nixos", "qg-syntax", "normal"),
        ("qg-nixos", "qg-eval", "normal"),
        ("qg-checks", "qg-syntax", "normal"),
        ("qg-checks", "qg-nixos", "normal"),
        ("qg-ide", "qg-syntax", "normal"),
        ("qg-ide", "qg-eval", "normal"),
        ("qg-ide", "qg-nixos", "normal"),
        ("qg-ide", "qg-checks", "normal"),
        ("qg-ide", "qg-fleetgen", "dev"),
        ("qg-check", "qg-ide", "normal"),
        ("qg-check", "qg-syntax", "normal"),
        ("qg-lsp", "qg-ide", "normal"),
        ("qg-lsp", "qg-syntax", "normal"),
        ("qg", "qg-ide", "normal"),
        ("qg", "qg-syntax", "normal"),
    ]
    .into_iter()
    .map(|(a, b, k)| (a.to_string(), b.to_string(), k.to_string()))
    .collect();
    assert_eq!(workspace_edges(), expected);
}

/// The `.rs` files of an analyzer crate, without tests (`tests/`, `benches/`, and files
/// named `tests.rs` or `fixture.rs`).
fn sources(krate: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![workspace_root().join("analyzer").join(krate).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The text of a file before its `#[cfg(test)]` module (qg puts unit tests last).
fn non_test_part(text: &str) -> &str {
    text.split("#[cfg(test)]\nmod").next().unwrap_or(text)
}

const ANALYZER_CRATES: &[&str] = &["syntax", "eval", "nixos", "checks", "ide"];

#[test]
fn analyzer_crates_export_by_hand() {
    for krate in ANALYZER_CRATES {
        for (path, text) in sources(krate) {
            assert!(
                !text.lines().any(|l| l.trim_start().starts_with("pub mod ")),
                "{}: `pub mod` (re-export what other crates need from lib.rs instead)",
                path.display()
            );
        }
        let lib = workspace_root().join(format!("analyzer/{krate}/src/lib.rs"));
        let text = std::fs::read_to_string(&lib).unwrap();
        assert!(
            text.lines().any(|l| l == "#![deny(unreachable_pub)]"),
            "{} lacks #![deny(unreachable_pub)]",
            lib.display()
        );
    }
}

#[test]
fn nixos_reports_data_not_diagnostics() {
    for (path, text) in sources("nixos") {
        let code = non_test_part(&text);
        for word in ["Diagnostic", "RuleId::", "Severity"] {
            assert!(
                !code.contains(word),
                "{} names `{word}`: qg-nixos returns findings as data, the rules live in qg-checks",
                path.display()
            );
        }
    }
}
