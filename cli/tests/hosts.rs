//! Host discovery: `qg-check --list-hosts --format json` on the small flakes of
//! `tests/hosts/`, each built the way a family of real fleets builds its hosts, with no
//! input on disk. Each case lists the hosts qg must find and whether each is complete
//! (every module the host imports was read).

mod support;

use support::{copy_tree, qg_check, workspace_root, TempDir};

/// The hosts found in a fixture: (name, complete, externals).
fn hosts(case: &str) -> Vec<(String, bool, Vec<String>)> {
    let dir = TempDir::new(&format!("hosts-{case}"));
    copy_tree(&workspace_root().join("tests/hosts").join(case), dir.path());
    let output = qg_check(dir.path(), &["--list-hosts", "--format", "json"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{case}: not JSON ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    report["flakes"][0]["hosts"]
        .as_array()
        .unwrap_or_else(|| panic!("{case}: no hosts array: {report}"))
        .iter()
        .map(|h| {
            let externals = h["externals"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|e| e.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            (
                h["name"].as_str().unwrap().to_string(),
                h["complete"].as_bool().unwrap(),
                externals,
            )
        })
        .collect()
}

/// Asserts the hosts of a case: names (sorted) and completeness.
fn assert_hosts(case: &str, expected: &[(&str, bool)]) {
    let mut found: Vec<(String, bool)> = hosts(case).into_iter().map(|(n, c, _)| (n, c)).collect();
    found.sort();
    let expected: Vec<(String, bool)> = expected.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    assert_eq!(found, expected, "{case}: hosts (name, complete)");
}

#[test]
fn flake_parts_hosts_in_an_imported_module_under_self() {
    assert_hosts("flake-parts-imported", &[("alpha", true), ("beta", true)]);
}

#[test]
fn lib_extend_and_lib_path_append() {
    assert_hosts("lib-extend", &[("one", true), ("two", true)]);
}

#[test]
fn nixpkgs_lib_updated_with_home_managers_lib() {
    assert_hosts("lib-update", &[("desk", true)]);
}

#[test]
fn haumea_loads_the_files_that_give_hosts() {
    assert_hosts("haumea", &[("db", true), ("web", true)]);
}

#[test]
fn clan_machines_from_the_inventory_and_the_machines_folder() {
    // clan-core's own modules and the inventory's services are not on disk: incomplete.
    assert_hosts("clan", &[("a", false), ("b", false)]);
}

#[test]
fn clan_flake_module_under_flake_parts() {
    assert_hosts("clan-flake-module", &[("gw", false), ("nas", false)]);
}

#[test]
fn nixos_unified_mk_flake_and_mk_linux_system() {
    assert_hosts("nixos-unified", &[("hopper", true), ("lovelace", true)]);
}

#[test]
fn lite_config_hosts_except_darwin() {
    assert_hosts("lite-config", &[("build01", true)]);
}

#[test]
fn adios_flake_system_agnostic_outputs() {
    assert_hosts("adios-flake", &[("relay", true)]);
}

#[test]
fn a_nixos_module_file_of_the_nixpkgs_input_is_like_modules_path() {
    assert_hosts("nixpkgs-module-file", &[("iso", true)]);
}

#[test]
fn unknown_imports_make_the_host_incomplete_and_say_why() {
    let found = hosts("unknown-imports");
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["box", "crate"]);
    assert!(found.iter().all(|(_, complete, _)| !complete), "{found:?}");
    let said = |host: usize, prefix: &str| found[host].2.iter().any(|e| e.starts_with(prefix));
    assert!(
        said(0, "`imports` of hosts/box.nix is unknown: input extras"),
        "a whole unknown list names its file and reason: {found:?}"
    );
    assert!(
        said(
            1,
            "a module imported by hosts/crate.nix is unknown: unimplemented lib function"
        ),
        "an unknown module names its importer and reason: {found:?}"
    );
}
