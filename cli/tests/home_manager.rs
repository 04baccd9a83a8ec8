//! home-manager's options, from a home-manager tree on disk: the fleets of
//! `tests/home-manager-mini/fleets/` run with `--override-input nixpkgs
//! tests/nixpkgs-mini --override-input home-manager tests/home-manager-mini` (the
//! miniature home-manager: `nixosModules.home-manager`, `lib.homeManagerConfiguration`,
//! half a dozen modules shaped like the real ones).
//!
//! - Each fleet reports exactly what its `# expect:` markers say (rule, file, line,
//!   severity; the syntax of `cli/tests/fixtures.rs`): a user's `home.nix` is checked
//!   against home-manager's options, inside a NixOS host and as a standalone
//!   `homeConfigurations` entry. Without the home-manager input the same fleets get only
//!   the local lints (QG001-QG005).
//! - Where Debian's Nix 2.8 can evaluate the same configuration (`nix-instantiate --eval
//!   --strict` of the miniature nixpkgs' `eval-config.nix` with the miniature
//!   home-manager's NixOS module and the host's modules), qg's answers are Nix's: the
//!   messages of failed assertions, warnings, wrong types and unknown options; values of
//!   the users' `config`; every option of `home-manager.users.<name>` with its type and
//!   default. Without `nix-instantiate` these comparisons are skipped with a message.

mod support;

use std::path::{Path, PathBuf};

use support::{
    as_strs, compare_option_lists, compare_values, copy_fleet, default_severities, expectations,
    findings_with_severity, fleet_names_in, json_report, json_strings, marker_mismatches,
    nix_instantiate_available, nix_instantiate_eval, nix_option_list, override_input, qg_check,
    qg_option_list, relative_to, rule_messages, workspace_root, NixMessages, OptionsCompared,
    TempDir,
};

fn nixpkgs_mini() -> PathBuf {
    workspace_root().join("tests/nixpkgs-mini")
}

fn home_manager_mini() -> PathBuf {
    workspace_root().join("tests/home-manager-mini")
}

fn fleet_names() -> Vec<String> {
    fleet_names_in(&home_manager_mini())
}

fn fleet(name: &str) -> TempDir {
    copy_fleet(&home_manager_mini(), name, "home-manager")
}

/// `--override-input` of nixpkgs, and of home-manager when `with_home_manager`.
fn inputs(with_home_manager: bool) -> Vec<String> {
    let mut out = override_input("nixpkgs", &nixpkgs_mini());
    if with_home_manager {
        out.extend(override_input("home-manager", &home_manager_mini()));
    }
    out
}

/// The local lints, which run on every file whatever evaluates it.
fn is_local_lint(rule: &str) -> bool {
    matches!(rule, "QG001" | "QG002" | "QG003" | "QG004" | "QG005")
}

#[test]
fn every_fleet_reports_exactly_its_expectations_with_home_manager() {
    let names: Vec<String> = fleet_names()
        .into_iter()
        .filter(|n| n != "without-input")
        .collect();
    assert!(names.len() >= 6, "fleets are missing: {names:?}");
    let defaults = default_severities();
    let mut failures = Vec::new();
    for name in &names {
        let temp = fleet(name);
        failures.extend(marker_mismatches(
            name,
            temp.path(),
            &as_strs(&inputs(true)),
            &defaults,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Without the home-manager input, a `home.nix` is no NixOS module: it gets the local
/// lints of its markers and nothing else, even with NixOS's own modules known. (The
/// hosts' own files, under `hosts/`, are the with-input test's: without the input,
/// home-manager's NixOS module is one qg cannot read.)
#[test]
fn without_home_manager_home_files_get_only_local_lints() {
    let defaults = default_severities();
    let mut failures = Vec::new();
    let mut linted = 0;
    let outside_hosts = |file: &String| !file.starts_with("hosts/");
    for name in fleet_names() {
        let temp = fleet(&name);
        let expected: Vec<_> = expectations(temp.path(), &defaults)
            .into_iter()
            .filter(|(rule, file, ..)| is_local_lint(rule) && outside_hosts(file))
            .collect();
        linted += expected.len();
        let (report, _) = json_report(temp.path(), &as_strs(&inputs(false)));
        let found: Vec<_> = findings_with_severity(&report)
            .into_iter()
            .filter(|(_, file, ..)| outside_hosts(file))
            .collect();
        if found != expected {
            failures.push(format!("{name}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(linted >= 1, "no fleet has a local lint to keep");
}

/// The `home.nix` of `without-input` (whose markers say what it gets without the input),
/// with the input: checked against home-manager's options, where NixOS's
/// `services.webserver` and `users.users` do not exist.
#[test]
fn with_home_manager_a_home_file_is_checked_as_home_manager_module() {
    let temp = fleet("without-input");
    let (report, _) = json_report(temp.path(), &as_strs(&inputs(true)));
    let found: Vec<(String, String, u64)> = findings_with_severity(&report)
        .into_iter()
        .map(|(rule, file, line, _)| (rule, file, line))
        .collect();
    let at = |rule: &str, line: u64| (rule.to_string(), "home/home.nix".to_string(), line);
    assert_eq!(
        found,
        vec![
            at("QG003", 4),
            at("QG101", 8),
            at("QG101", 9),
            at("QG101", 10),
            at("QG102", 7)
        ]
    );
    let mut unknown = rule_messages(&report, "QG101");
    unknown.sort();
    assert!(
        unknown[1].starts_with("The option `home-manager.users.alice.services' does not exist."),
        "{unknown:?}"
    );
}

#[test]
fn did_you_mean_names_the_closest_home_manager_option() {
    let temp = fleet("unknown-option");
    let (report, _) = json_report(temp.path(), &as_strs(&inputs(true)));
    let mut found = rule_messages(&report, "QG101");
    found.sort();
    assert_eq!(
        found,
        vec![
            "The option `home-manager.users.alice.programs.git.userNmae' does not exist. Did you mean `userName'?",
            "The option `home-manager.users.alice.xdg.confFile' does not exist. Did you mean `configFile'?",
        ]
    );
}

// ---- the real Nix as the oracle -------------------------------------------------------

/// The host `web` of a fleet as the miniature's `eval-config.nix` evaluates it, with the
/// miniature home-manager's NixOS module. With `check` off, the users' modules are not
/// checked for unknown names (so that Nix reaches the assertions).
fn system_expr(dir: &Path, check: bool) -> String {
    let mut modules = vec![
        home_manager_mini().join("nixos").display().to_string(),
        dir.join("hosts/web.nix").display().to_string(),
    ];
    if !check {
        modules.push(
            "{ home-manager.sharedModules = [ ({ lib, ... }: { _module.check = lib.mkForce false; }) ]; }"
                .into(),
        );
    }
    format!(
        "(import {}/nixos/lib/eval-config.nix {{ system = \"x86_64-linux\"; modules = [ {} ]; }})",
        nixpkgs_mini().display(),
        modules.join(" ")
    )
}

/// The fleets built as a NixOS host (a standalone home configuration is compared apart).
fn host_fleets() -> Vec<String> {
    fleet_names()
        .into_iter()
        .filter(|n| {
            home_manager_mini()
                .join("fleets")
                .join(n)
                .join("hosts/web.nix")
                .exists()
                && n != "without-input"
        })
        .collect()
}

/// The messages of failed assertions and warnings (home-manager's, given to the system as
/// `"<user> profile: …"`), of wrong types and of unknown options are those Nix gives.
#[test]
fn messages_are_those_of_nix() {
    if !nix_instantiate_available() {
        return;
    }
    let mut compared = 0;
    let mut failures = Vec::new();
    for name in host_fleets() {
        let temp = fleet(&name);
        let dir = temp.path();
        let (report, _) = json_report(dir, &as_strs(&inputs(true)));
        let nix = NixMessages {
            name: &name,
            dir,
            system: system_expr(dir, false),
            checked: system_expr(dir, true),
            unknown_probe: "home-manager.users.alice.home.stateVersion",
        };
        compared += nix.compare(&report, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 10, "only {compared} comparisons with Nix");
}

/// Values of the users' `config` that qg knows are Nix's (`qg-check show`); those qg
/// cannot know are counted, not compared.
#[test]
fn known_values_are_those_of_nix() {
    if !nix_instantiate_available() {
        return;
    }
    let paths = [
        "home-manager.users.alice.home.username",
        "home-manager.users.alice.home.homeDirectory",
        "home-manager.users.alice.home.stateVersion",
        "home-manager.users.alice.home.sessionVariables",
        "home-manager.users.alice.editor.name",
        "home-manager.users.alice.programs.git.userName",
        "home-manager.users.alice.programs.git.ignores",
        "home-manager.users.alice.programs.git.extraConfig",
        "home-manager.users.alice.programs.shell.shellAliases",
        "home-manager.users.alice.xdg.configHome",
        "home-manager.users.alice.xdg.configFile.\"app/settings.ini\".text",
        "home-manager.users.alice.xdg.configFile.\"git/config\".text",
        "home-manager.users.alice.xdg.configFile.\"git/ignore\".text",
        "home-manager.users.alice.home.file.\".profile\".text",
        "home-manager.users.alice.home.file.\".profile\".target",
        "home-manager.users.alice.submoduleSupport.enable",
        "home-manager.users.alice.assertions",
        "home-manager.users.alice.warnings",
        "home-manager.users.bob.home.sessionVariables",
        "home-manager.users.bob.editor.name",
        "home-manager.users.bob.programs.git.enable",
        "home-manager.users.bob.home.file.\".profile\".text",
        "home-manager.useGlobalPkgs",
        "home-manager.sharedModules",
        "users.users.alice.home",
    ];
    let temp = fleet("shared");
    let dir = temp.path();
    let values = compare_values(dir, &inputs(true), &system_expr(dir, true), &paths);
    let (compared, unknown, failures) = (values.equal, values.unknown, values.failures);
    eprintln!(
        "{compared} values equal to Nix's; unknown to qg: {}",
        unknown.join(", ")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        compared >= 20,
        "only {compared} values compared: {unknown:?}"
    );
}

/// `qg-check options` lists the options of `home-manager.users.<name>` that Nix lists
/// (`type.getSubOptions`), with the same type descriptions and the same defaults where
/// qg knows them.
#[test]
fn the_user_options_are_those_of_nix() {
    if !nix_instantiate_available() {
        return;
    }
    let temp = fleet("shared");
    let dir = temp.path();
    let mut list_args = inputs(true);
    list_args.extend(["options", "web", "--json"].map(String::from));
    let out = qg_check(dir, &as_strs(&list_args));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let under_home_manager =
        |path: &str| path.starts_with("home-manager.") && !path.contains("_module");
    let qg = qg_option_list(&listed, under_home_manager);
    let mut nix = nix_option_list(&system_expr(dir, true), &nixpkgs_mini().join("lib"), true);
    nix.retain(|path, _| under_home_manager(path));
    let OptionsCompared {
        equal_defaults: defaults,
        unknown_defaults: unknown,
        failures,
    } = compare_option_lists(&nix, &qg);
    eprintln!(
        "{} options under home-manager; {defaults} defaults equal to Nix's, {unknown} unknown to qg",
        nix.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        nix.len() >= 35 && defaults >= 20,
        "too few options compared"
    );
}

// ---- a standalone home configuration (`homeConfigurations.alice`) ----------------------

/// The standalone configuration of the fleet `standalone` as the miniature
/// home-manager's `modules/default.nix` evaluates it (what `homeManagerConfiguration`
/// calls), with the miniature nixpkgs' package set and the flake's `extraSpecialArgs`.
fn standalone_expr(dir: &Path, check: bool) -> String {
    format!(
        "(import {hm}/modules {{ configuration = {{ imports = [ {home} ]; }}; pkgs = import {mini}/pkgs {{ }}; extraSpecialArgs = {{ team = \"infra\"; }}; check = {check}; }})",
        hm = home_manager_mini().display(),
        home = dir.join("home.nix").display(),
        mini = nixpkgs_mini().display(),
    )
}

/// A standalone configuration is a host of its own, named after its output.
#[test]
fn a_standalone_configuration_is_listed_as_a_host() {
    let temp = fleet("standalone");
    let mut list_args = inputs(true);
    list_args.extend(["--list-hosts", "--format", "json"].map(String::from));
    let out = qg_check(temp.path(), &as_strs(&list_args));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hosts: Vec<(String, bool)> = listed["flakes"][0]["hosts"]
        .as_array()
        .unwrap_or_else(|| panic!("{listed}"))
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap().to_string(),
                h["complete"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(hosts, vec![("homeConfigurations.alice".to_string(), true)]);
    // Without the input, the configuration is unknown: no host.
    let mut list_args = inputs(false);
    list_args.extend(["--list-hosts", "--format", "json"].map(String::from));
    let out = qg_check(temp.path(), &as_strs(&list_args));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        listed["flakes"][0]["hosts"],
        serde_json::json!([]),
        "{listed}"
    );
}

/// The standalone configuration's messages and values are those Nix gives.
#[test]
fn a_standalone_configuration_is_checked_as_nix_evaluates_it() {
    if !nix_instantiate_available() {
        return;
    }
    let temp = fleet("standalone");
    let dir = temp.path();
    let (report, _) = json_report(dir, &as_strs(&inputs(true)));
    let unchecked = standalone_expr(dir, false);
    let mut failures = Vec::new();
    let qg_assertions: Vec<String> = rule_messages(&report, "QG105")
        .iter()
        .map(|m| m.trim_start_matches("Failed assertion: ").to_string())
        .collect();
    let nix_assertions = nix_instantiate_eval(
        &format!(
            "map (a: a.message) (builtins.filter (a: !a.assertion) {unchecked}.config.assertions)"
        ),
        true,
    )
    .map(|out| json_strings(&relative_to(dir, &out)));
    if nix_assertions.as_ref() != Ok(&qg_assertions) || qg_assertions.is_empty() {
        failures.push(format!(
            "assertions: Nix {nix_assertions:?}, qg {qg_assertions:?}"
        ));
    }
    let qg_warnings: Vec<String> = rule_messages(&report, "QG106")
        .iter()
        .map(|m| m.trim_start_matches("warning: ").to_string())
        .collect();
    let nix_warnings = nix_instantiate_eval(&format!("{unchecked}.config.warnings"), true)
        .map(|out| json_strings(&relative_to(dir, &out)));
    if nix_warnings.as_ref() != Ok(&qg_warnings) || qg_warnings.is_empty() {
        failures.push(format!(
            "warnings: Nix {nix_warnings:?}, qg {qg_warnings:?}"
        ));
    }
    for message in rule_messages(&report, "QG102") {
        let shown = message
            .split_once(". Definition")
            .map_or(message.as_str(), |m| m.0);
        let nix = nix_instantiate_eval(
            &format!("builtins.deepSeq {unchecked}.config.home.sessionVariables null"),
            false,
        );
        if !matches!(&nix, Err(e) if e.starts_with(&format!("{shown}."))) {
            failures.push(format!("`{shown}`: Nix says {nix:?}"));
        }
    }
    let unknown = rule_messages(&report, "QG101");
    let checked = standalone_expr(dir, true);
    match nix_instantiate_eval(&format!("{checked}.config.home.username"), false) {
        Err(e)
            if unknown
                .iter()
                .any(|m| m.starts_with(e.split(" Definition values").next().unwrap())) => {}
        other => failures.push(format!("unknown option: Nix {other:?}, qg {unknown:?}")),
    }
    let paths = [
        "home.username",
        "home.sessionVariables.TEAM",
        "programs.git.signing.signer",
        "programs.shell.enable",
        "xdg.configHome",
        "xdg.configFile.\"git/config\".text",
        "home.file.\".config/git/config\".target",
        "submoduleSupport.enable",
    ];
    let mut compared = 0;
    for path in paths {
        let mut show_args = inputs(true);
        show_args.extend(["show", "homeConfigurations.alice", path].map(String::from));
        let out = qg_check(dir, &as_strs(&show_args));
        let qg = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
        match nix_instantiate_eval(&format!("{unchecked}.config.{path}"), false) {
            Ok(nix) if nix == qg => compared += 1,
            other => failures.push(format!("{path}: Nix {other:?}, qg {qg}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(compared, paths.len());
}
