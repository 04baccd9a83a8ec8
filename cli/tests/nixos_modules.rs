//! NixOS's own options, from a nixpkgs tree on disk: the fleets of
//! `tests/nixpkgs-mini/fleets/` run with `--override-input nixpkgs tests/nixpkgs-mini` (the
//! miniature nixpkgs: its own small lib, `nixos/lib/eval-config.nix`, a dozen NixOS modules
//! shaped like the real ones).
//!
//! - Each fleet reports exactly what its `# expect:` markers say (rule, file, line,
//!   severity; the syntax of `cli/tests/fixtures.rs`); the same fleets without nixpkgs
//!   report nothing (NixOS's options are then unknown, never wrong).
//! - Where Debian's Nix 2.8 can evaluate the same host (`nix-instantiate --eval --strict`
//!   of the miniature's `eval-config.nix` with the host's modules), qg's answers are Nix's:
//!   the messages of unknown options, wrong types, failed assertions and warnings; values
//!   of `config` (`qg-check show`); and every option's type and default (`qg-check
//!   options`). Without `nix-instantiate` these comparisons are skipped with a message.

mod support;

use std::path::{Path, PathBuf};

use support::{
    as_strs, compare_option_lists, compare_values, copy_fleet, default_severities,
    findings_with_severity, fleet_names_in, json_report, marker_mismatches,
    nix_instantiate_available, nix_option_list, override_input, qg_check, qg_option_list,
    rule_messages, workspace_root, NixMessages, OptionsCompared, TempDir,
};

fn mini() -> PathBuf {
    workspace_root().join("tests/nixpkgs-mini")
}

fn fleet_names() -> Vec<String> {
    fleet_names_in(&mini())
}

fn fleet(name: &str) -> TempDir {
    copy_fleet(&mini(), name, "nixos-modules")
}

fn with_nixpkgs() -> Vec<String> {
    override_input("nixpkgs", &mini())
}

#[test]
fn every_fleet_reports_exactly_its_expectations_with_nixpkgs() {
    let names = fleet_names();
    assert!(names.len() >= 7, "fleets are missing: {names:?}");
    let defaults = default_severities();
    let mut failures = Vec::new();
    for name in &names {
        let temp = fleet(name);
        failures.extend(marker_mismatches(
            name,
            temp.path(),
            &as_strs(&with_nixpkgs()),
            &defaults,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Without nixpkgs, NixOS's options are unknown: none of these mistakes is reported, and
/// nothing else either.
#[test]
fn without_nixpkgs_the_fleets_report_nothing() {
    for name in fleet_names() {
        let temp = fleet(&name);
        let (report, _) = json_report(temp.path(), &[]);
        assert_eq!(findings_with_severity(&report), Vec::new(), "{name}");
    }
}

#[test]
fn did_you_mean_names_the_closest_declared_option() {
    let temp = fleet("unknown-option");
    let (report, _) = json_report(temp.path(), &as_strs(&with_nixpkgs()));
    let mut found = rule_messages(&report, "QG101");
    found.sort();
    assert_eq!(
        found,
        vec![
            "The option `services.webserver.prot' does not exist. Did you mean `port'?",
            "The option `servics' does not exist. Did you mean `services'?",
            "The option `users.users.alice.extraGroup' does not exist. Did you mean `extraGroups'?",
        ]
    );
}

/// A host whose every module qg reads, but one (a flake input that is not on disk): that
/// module may declare any option, so an unknown option of NixOS's namespaces is reported
/// only when it is one edit from a declared one, as a warning; inside a submodule (to
/// whose type that module may add options) it is silent.
#[test]
fn an_unread_module_makes_unknown_options_warnings_or_silent() {
    let temp = fleet("unknown-option");
    let flake = std::fs::read_to_string(temp.path().join("flake.nix")).unwrap();
    let flake = flake
        .replace(
            "inputs.nixpkgs.url = \"github:NixOS/nixpkgs/nixos-unstable\";",
            "inputs.nixpkgs.url = \"github:NixOS/nixpkgs/nixos-unstable\";\n  inputs.extra.url = \"github:example/extra\";",
        )
        .replace("{ nixpkgs, ... }", "{ nixpkgs, extra, ... }")
        .replace("[ ./hosts/web.nix ]", "[ extra.nixosModules.default ./hosts/web.nix ]");
    std::fs::write(temp.path().join("flake.nix"), flake).unwrap();
    let (report, _) = json_report(temp.path(), &as_strs(&with_nixpkgs()));
    let found: Vec<(String, u64, String)> = findings_with_severity(&report)
        .into_iter()
        .map(|(rule, _, line, severity)| (rule, line, severity))
        .collect();
    assert_eq!(
        found,
        vec![
            ("QG101".to_string(), 7, "warning".to_string()),
            ("QG101".to_string(), 13, "warning".to_string()),
        ]
    );
}

// ---- the real Nix as the oracle -------------------------------------------------------

/// The host `web` of a fleet as the miniature's `eval-config.nix` evaluates it: the
/// modules its `flake.nix` lists (its own files; a module of another input is left out,
/// and then `_module.check` is off, since nothing declares that input's options).
fn system_expr(dir: &Path, check: bool) -> String {
    let flake = std::fs::read_to_string(dir.join("flake.nix")).unwrap();
    let list = flake
        .split_once("modules = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .unwrap();
    let mut modules: Vec<String> = list
        .split_whitespace()
        .filter(|m| m.starts_with("./"))
        .map(|m| dir.join(&m[2..]).to_string_lossy().into_owned())
        .collect();
    if !check {
        modules.push("{ _module.check = false; }".to_string());
    }
    format!(
        "(import {}/nixos/lib/eval-config.nix {{ system = \"x86_64-linux\"; modules = [ {} ]; }})",
        mini().display(),
        modules.join(" ")
    )
}

/// The messages of failed assertions and warnings, and of unknown options and wrong types,
/// are those Nix gives for the same host.
#[test]
fn messages_are_those_of_nix() {
    if !nix_instantiate_available() {
        return;
    }
    let mut compared = 0;
    let mut failures = Vec::new();
    for name in fleet_names() {
        let temp = fleet(&name);
        let dir = temp.path();
        let (report, _) = json_report(dir, &as_strs(&with_nixpkgs()));
        let nix = NixMessages {
            name: &name,
            dir,
            system: system_expr(dir, false),
            checked: system_expr(dir, true),
            unknown_probe: "networking.hostName",
        };
        compared += nix.compare(&report, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 18, "only {compared} comparisons with Nix");
}

/// Values of `config` that qg knows are Nix's (`qg-check show` prints as
/// `nix-instantiate --eval --strict`); those qg cannot know are counted, not compared.
#[test]
fn known_values_are_those_of_nix() {
    if !nix_instantiate_available() {
        return;
    }
    let cases: &[(&str, &[&str])] = &[
        (
            "clean",
            &[
                "services.webserver.enable",
                "services.webserver.port",
                "services.webserver.dataDir",
                "services.webserver.user",
                "services.webserver.extraConfig",
                "services.webserver.virtualHosts",
                "services.pinger.hosts",
                "services.pinger.interval",
                "services.snapshotd.paths",
                "services.snapshotd.repository",
                "users.users.alice.home",
                "users.users.alice.group",
                "users.users.alice.createHome",
                "users.users.alice.extraGroups",
                "users.users.webserver.home",
                "users.users.webserver.uid",
                "users.users.snapshotd.isSystemUser",
                "users.groups",
                "networking.fqdn",
                "networking.firewall.allowedTCPPorts",
                "networking.firewall.enable",
                "fileSystems",
                "systemd.services.site-sync.serviceConfig",
                "systemd.services.site-sync.script",
                "systemd.services.site-sync.after",
                "systemd.services.webserver.serviceConfig.User",
                "systemd.services.pinger.serviceConfig.DynamicUser",
                "systemd.timers.site-sync.timerConfig",
                "boot.loader.systemd-boot.configurationLimit",
                "system.stateVersion",
                "nixpkgs.hostPlatform.system",
                "environment.systemPackages",
                "systemd.services.webserver.serviceConfig.ExecStart",
            ],
        ),
        (
            "user-from-module",
            &[
                "users.users.webserver.home",
                "users.users.webserver.group",
                "users.users.webserver.isSystemUser",
                "users.groups.webserver.gid",
            ],
        ),
        (
            "module-default",
            &[
                "services.webserver.dataDir",
                "fileSystems",
                "qgroget.backups",
            ],
        ),
        (
            "renamed-option",
            &["services.webserver.dataDir", "environment.systemPackages"],
        ),
    ];
    let mut compared = 0;
    let mut unknown = Vec::new();
    let mut failures = Vec::new();
    for (name, paths) in cases {
        let temp = fleet(name);
        let dir = temp.path();
        let values = compare_values(dir, &with_nixpkgs(), &system_expr(dir, false), paths);
        compared += values.equal;
        unknown.extend(values.unknown.iter().map(|p| format!("{name}: {p}")));
        failures.extend(values.failures.iter().map(|f| format!("{name}: {f}")));
    }
    eprintln!(
        "{compared} values equal to Nix's; unknown to qg: {}",
        unknown.join(", ")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // What depends on `pkgs` (packages, a command line naming one) is all qg cannot know.
    assert!(
        unknown
            .iter()
            .all(|u| u.ends_with("systemPackages") || u.ends_with("ExecStart")),
        "{unknown:?}"
    );
    assert!(compared >= 35, "only {compared} values compared");
}

/// `qg-check options` lists the options Nix lists (sub-options of submodules under
/// `<name>` and `*`), with the same type descriptions, and the same defaults where qg
/// knows them.
#[test]
fn the_options_are_those_of_nix() {
    if !nix_instantiate_available() {
        return;
    }
    let temp = fleet("clean");
    let dir = temp.path();
    let mut list_args = with_nixpkgs();
    list_args.extend([
        "options".to_string(),
        "web".to_string(),
        "--json".to_string(),
    ]);
    let out = qg_check(dir, &as_strs(&list_args));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The built-in `_module` options are qg's own (their texts are not the miniature's).
    let qg = qg_option_list(&listed, |path| !path.contains("_module"));
    let nix = nix_option_list(&system_expr(dir, false), &mini().join("lib"), false);
    let OptionsCompared {
        equal_defaults: defaults,
        unknown_defaults: unknown,
        failures,
    } = compare_option_lists(&nix, &qg);
    eprintln!(
        "{} options; {defaults} defaults equal to Nix's, {unknown} unknown to qg",
        nix.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        nix.len() >= 70 && defaults >= 50,
        "too few options compared"
    );
}
