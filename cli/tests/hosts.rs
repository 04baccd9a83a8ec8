//! Host discovery: `qg-check --list-hosts --format json` on the small flakes of
//! `tests/hosts/`, each built the way a family of real fleets builds its hosts, with no
//! input on disk. Each case lists the hosts qg must find and whether each is complete
//! (every module the host imports was read).

mod support;

use support::{copy_tree, findings, json_report, qg_check, workspace_root, TempDir};

/// A fixture of `tests/hosts/` copied out of the repository (its file set then comes
/// from a plain walk, not from git's index).
fn fixture(case: &str) -> TempDir {
    let dir = TempDir::new(&format!("hosts-{case}"));
    copy_tree(&workspace_root().join("tests/hosts").join(case), dir.path());
    dir
}

/// The hosts found in a fixture: (name, complete, externals).
fn hosts(case: &str) -> Vec<(String, bool, Vec<String>)> {
    let dir = fixture(case);
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

#[test]
fn a_classic_configuration_is_one_host_named_after_its_folder() {
    let dir = fixture("classic");
    let config = "nixos/configuration.nix";
    let output = qg_check(
        dir.path(),
        &["--nixos-config", config, "--list-hosts", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let flake = &report["flakes"][0];
    assert_eq!(flake["root"], dir.path().join("nixos").to_str().unwrap());
    assert_eq!(
        flake["lock"],
        serde_json::Value::Null,
        "no lock to speak of"
    );
    let hosts = flake["hosts"].as_array().unwrap();
    assert_eq!(hosts.len(), 1, "{report}");
    assert_eq!(hosts[0]["name"], "nixos");
    assert_eq!(hosts[0]["modules_given"], 1);
    // configuration.nix, hardware-configuration.nix, site.nix, and not-detected.nix under
    // `modulesPath`, which qg does not read.
    assert_eq!(hosts[0]["modules"], 4, "{report}");
    assert_eq!(hosts[0]["externals"], serde_json::json!(["modulesPath"]));
}

#[test]
fn a_classic_configuration_is_checked_show_and_facts_read_it() {
    let dir = fixture("classic");
    let config = "nixos/configuration.nix";
    let (report, code) = json_report(dir.path(), &["--nixos-config", config]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        findings(&report),
        [(
            "QG102".to_string(),
            "nixos/configuration.nix".to_string(),
            13
        )]
    );
    assert_eq!(report["hosts"][0]["name"], "nixos", "{report}");
    // Global options may come before the subcommand, as --store does.
    let show = qg_check(
        dir.path(),
        &[
            "--nixos-config",
            config,
            "show",
            "nixos",
            "site.sshPort",
            "--definitions",
        ],
    );
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("configuration.nix:13"), "{text}");
    let facts = qg_check(
        dir.path(),
        &[
            "facts",
            "nixos",
            "--kind",
            "mount",
            "--nixos-config",
            config,
        ],
    );
    let text = String::from_utf8_lossy(&facts.stdout);
    assert!(text.contains("hardware-configuration.nix:8"), "{text}");
}

#[test]
fn a_clean_classic_configuration_is_silent() {
    // The same configuration with its one mistake fixed.
    let dir = fixture("classic");
    let file = dir.path().join("nixos/configuration.nix");
    let text = std::fs::read_to_string(&file).unwrap();
    let fixed = text.replace("site.sshPort = \"2222\";", "site.sshPort = 2222;");
    assert_ne!(
        fixed, text,
        "the fixture's mistake is where this test fixes it"
    );
    std::fs::write(&file, fixed).unwrap();
    let (report, code) = json_report(
        dir.path().join("nixos").as_path(),
        &["--nixos-config", "configuration.nix"],
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report}");
    assert_eq!(report["notes"], serde_json::json!([]), "{report}");
    assert_eq!(report["hosts"][0]["complete"], true, "{report}");
}

#[test]
fn flake_parts_flake_as_a_module_function_and_outputs_of_unseen_modules() {
    let dir = fixture("flake-parts-module-flake");
    let (report, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(findings(&report), vec![], "{report}");
    assert_hosts("flake-parts-module-flake", &[("gate", true)]);
}

#[test]
fn submodule_arguments_are_not_configuration_and_renames_into_a_submodule_are_untyped() {
    let dir = fixture("submodule-args");
    let (report, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 0, "{report}");
    // The rename's own warning, as Nix gives it; no wrong type for the alias.
    assert_eq!(
        findings(&report),
        vec![("QG106".to_string(), "hosts/store.nix".to_string(), 4)],
        "{report}"
    );
    assert_hosts("submodule-args", &[("store", true)]);
}

/// A framework input read for real: its entry points that run a module system of their
/// own are qg's model (`onDisk`), its other outputs the real ones.
#[test]
fn a_real_framework_input_keeps_the_models_entry_points() {
    let dir = fixture("clan");
    let clan = TempDir::new("hosts-clan-input");
    clan.write(
        "flake.nix",
        "{ outputs = { self }: {\n  lib.clan = _: throw \"clan needs the real evalModules\";\n  nixosModules.extra = ./extra.nix;\n}; }\n",
    );
    clan.write("extra.nix", "{ ... }: { }\n");
    let clan_dir = clan.path().to_str().unwrap();
    let output = qg_check(
        dir.path(),
        &[
            "--override-input",
            "clan-core",
            clan_dir,
            "--list-hosts",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let flake = &report["flakes"][0];
    assert_eq!(flake["inputs"][0]["source"], "override", "{report}");
    let names: Vec<&str> = flake["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b"], "{report}");
}

/// A flake's `colmena` output is a hive: its nodes are hosts, with `defaults` imported and
/// the special arguments of `meta`; a node that `nixosConfigurations` already has is that
/// host, once.
#[test]
fn colmena_output_nodes_are_hosts() {
    assert_hosts("colmena-output", &[("alpha", true), ("beta", true)]);
    let dir = fixture("colmena-output");
    let (report, _) = json_report(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        [("QG102".to_string(), "hosts/beta.nix".to_string(), 6)],
        "{report}"
    );
}

/// `hive.nix` whose nodes import an input pinned by `fetchTarball { sha256 }`, with the
/// input nowhere: the hosts are found, incomplete, saying which store path is missing, and
/// nothing is reported (`inputs.rs` reads the same fleet with the input in a store folder).
#[test]
fn hive_nodes_with_an_absent_pinned_input_are_incomplete() {
    let found = hosts("hive-pinned");
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["gate", "vault"]);
    for (name, complete, externals) in &found {
        assert!(!complete, "{name}");
        assert!(
            externals.iter().any(|e| e.contains(
                "fetched source https://example.org/toolkit/archive/v1.tar.gz, not in the store (/nix/store/"
            )),
            "{name}: {externals:?}"
        );
    }
    let dir = fixture("hive-pinned");
    let (report, _) = json_report(dir.path(), &[]);
    assert_eq!(findings(&report), [], "{report}");
}

/// nixpkgs fetched by `fetchTarball` and absent from the store is qg's model of nixpkgs, as
/// a nixpkgs input is: `import nixpkgs { }` is `pkgs`, its `lib` is qg's lib, and
/// `nixos/lib/eval-config.nix` builds a host as `lib.nixosSystem` does; another file of it
/// is an external module, not an error.
#[test]
fn a_fetched_nixpkgs_absent_from_the_store_is_qgs_model() {
    assert_hosts("fetched-nixpkgs", &[("box", true), ("crate", true)]);
    let found = hosts("fetched-nixpkgs");
    assert_eq!(
        found[1].2.len(),
        1,
        "crate's profile is external: {found:?}"
    );
    let dir = fixture("fetched-nixpkgs");
    let (report, _) = json_report(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        [("QG102".to_string(), "hosts/box.nix".to_string(), 4)],
        "{report}"
    );
}
