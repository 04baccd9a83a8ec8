//! End-to-end behaviour of the `qg-check` binary: exit codes, formats, filters, errors.

mod support;

use support::{findings, json_report, qg_check, workspace_root, TempDir};

const MODULE_WITH_ERROR: &str =
    "{ config, ... }: {\n  environment.systemPackages = [ pkgs.git ];\n}\n";
const MODULE_WITH_WARNING: &str =
    "{ config, ... }:\nlet port = 1; in {\n  networking.hostName = \"a\";\n}\n";

fn small_flake() -> TempDir {
    let dir = TempDir::new("cli");
    dir.write("flake.nix", "{ outputs = { self, ... }: { }; }\n");
    dir.write("hosts/a.nix", MODULE_WITH_ERROR);
    dir.write("hosts/b.nix", MODULE_WITH_WARNING);
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

#[test]
fn exit_codes_follow_severity() {
    let dir = small_flake();
    assert_eq!(qg_check(dir.path(), &[]).status.code(), Some(1));
    assert_eq!(
        qg_check(dir.path(), &["hosts/b.nix"]).status.code(),
        Some(0)
    );
    assert_eq!(
        qg_check(dir.path(), &["--deny-warnings", "hosts/b.nix"])
            .status
            .code(),
        Some(1)
    );
    dir.write("hosts/a.nix", "{ config, ... }: { }\n");
    assert_eq!(qg_check(dir.path(), &[]).status.code(), Some(0));
}

#[test]
fn file_arguments_limit_the_report() {
    let dir = small_flake();
    let (report, _) = json_report(dir.path(), &["hosts/b.nix"]);
    assert_eq!(
        findings(&report),
        [("QG003".to_string(), "hosts/b.nix".to_string(), 2)]
    );
    let (report, _) = json_report(&dir.path().join("hosts"), &[]);
    assert_eq!(
        findings(&report).len(),
        2,
        "a directory means the whole flake"
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let dir = small_flake();
    let (report, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "qg-check");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["summary"]["files"], 3);
    let warning = &report["diagnostics"][1];
    assert_eq!(warning["rule"], "QG003");
    assert_eq!(warning["name"], "unused-binding");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["message"], "unused let binding `port`");
    assert_eq!(
        warning["range"]["start"],
        serde_json::json!({ "line": 2, "column": 5, "offset": 21 })
    );
    assert_eq!(warning["range"]["end"]["column"], 9);
    assert_eq!(warning["tags"], serde_json::json!(["unnecessary"]));
    let edit = &warning["fixes"][0]["edits"][0];
    assert_eq!(warning["fixes"][0]["title"], "remove `port`");
    assert_eq!(edit["file"], "hosts/b.nix");
    assert_eq!(edit["newText"], "");
}

#[test]
fn related_spans_reach_every_format() {
    let dir = TempDir::new("related");
    dir.write("flake.nix", "{ outputs = _: { a = 1; a = 2; }; }\n");
    let (report, _) = json_report(dir.path(), &[]);
    let related = &report["diagnostics"][0]["related"][0];
    assert_eq!(related["message"], "`a` is first defined here");
    assert_eq!(related["range"]["start"]["column"], 18);
    let human = text(&qg_check(dir.path(), &["--color", "never"]).stdout);
    assert!(human.contains("`a` is first defined here"), "{human}");
    assert!(
        human.contains("error[QG004]: attribute `a` is already defined"),
        "{human}"
    );
    assert!(human.contains("┌─ flake.nix:1:25"), "{human}");
}

#[test]
fn github_format_writes_workflow_commands() {
    let dir = small_flake();
    let out = text(&qg_check(dir.path(), &["--format", "github"]).stdout);
    // The flake has no host: its note comes first (tested on its own below).
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with("::warning title=qg-check::"))
        .collect();
    assert_eq!(
        lines,
        [
            "::error file=hosts/a.nix,line=2,endLine=2,col=34,endColumn=38,title=QG002 undefined-variable::undefined variable `pkgs`",
            "::warning file=hosts/b.nix,line=2,endLine=2,col=5,endColumn=9,title=QG003 unused-binding::unused let binding `port`",
        ]
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = small_flake();
    let piped = text(&qg_check(dir.path(), &[]).stdout);
    assert!(!piped.contains('\u{1b}'), "no colour when piped");
    let forced = text(&qg_check(dir.path(), &["--color", "always"]).stdout);
    assert!(forced.contains('\u{1b}'), "colour when forced");
}

#[test]
fn explain_prints_the_rule_page() {
    let out = qg_check(&workspace_root(), &["--explain", "QG002"]);
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    let on_disk = std::fs::read_to_string(workspace_root().join("docs/rules/QG002.md")).unwrap();
    assert_eq!(page, on_disk);
    let by_name = text(&qg_check(&workspace_root(), &["--explain", "unused-binding"]).stdout);
    assert!(by_name.starts_with("# QG003: unused-binding"));
    let unknown = qg_check(&workspace_root(), &["--explain", "QG999"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown rule `QG999`"));
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let dir = small_flake();
    dir.write(
        "qg.toml",
        "[rules]\nQG002 = \"allow\"\nunknown-rule = \"deny\"\n",
    );
    let out = qg_check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "qg-check: error: qg.toml:3: unknown rule `unknown-rule` in [rules]\n"
    );
}

#[test]
fn configuration_levels_apply() {
    let dir = small_flake();
    dir.write("qg.toml", "[rules]\nQG002 = \"warn\"\nQG003 = \"allow\"\n");
    let (report, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [("QG002".to_string(), "hosts/a.nix".to_string(), 2)]
    );
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
}

/// A folder or file outside any flake gets the local lints, as nil, statix and deadnix
/// give them; a missing path is a usage error.
#[test]
fn paths_outside_a_flake_get_the_local_lints() {
    let dir = TempDir::new("noflake");
    dir.write("a.nix", "{ config, ... }:\nlet unused = 1; in { x = y; }\n");
    dir.write("sub/b.nix", "{ z = w; }\n");
    let (report, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [
            ("QG002".to_string(), "a.nix".to_string(), 2),
            ("QG002".to_string(), "sub/b.nix".to_string(), 1),
            ("QG003".to_string(), "a.nix".to_string(), 2),
        ]
    );
    let note = report["notes"][0]["message"].as_str().unwrap();
    assert!(note.contains("no flake.nix"), "{note}");
    let (report, _) = json_report(dir.path(), &["sub/b.nix"]);
    assert_eq!(
        findings(&report),
        [("QG002".to_string(), "sub/b.nix".to_string(), 1)]
    );
    let missing = qg_check(dir.path(), &["nope.nix"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nope.nix: no such file or directory"));
}

#[test]
fn timings_name_each_stage() {
    let dir = small_flake();
    let err = text(&qg_check(dir.path(), &["--timings"]).stderr);
    for stage in ["load", "parse", "check"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(stage) && l.ends_with(" ms")),
            "{err}"
        );
    }
}

#[test]
fn help_documents_exit_codes() {
    let out = text(&qg_check(&workspace_root(), &["--help"]).stdout);
    assert!(
        out.contains("Exit status:") && out.contains("2  usage error"),
        "{out}"
    );
}

/// The SARIF output validates against the official 2.1.0 schema (fetched from a registry
/// package by `tests/sarif/fetch-schema.sh`; see `tests/sarif/README.md`).
#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let dir = small_flake();
    dir.write("hosts/c.nix", "{ outputs = _: { a = 1; a = 2; }; }\n");
    dir.write("hosts/my file.nix", "{ x = y; }\n");
    let out = qg_check(dir.path(), &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let sarif_file = dir.path().join("report.sarif");
    std::fs::write(&sarif_file, &out.stdout).unwrap();
    let root = workspace_root();
    let schema = std::process::Command::new("bash")
        .arg(root.join("tests/sarif/fetch-schema.sh"))
        .output()
        .expect("bash runs");
    assert!(
        schema.status.success(),
        "cannot fetch the SARIF schema: {}",
        text(&schema.stderr)
    );
    let validated = std::process::Command::new("python3")
        .arg(root.join("tests/sarif/validate.py"))
        .arg(&sarif_file)
        .env("QG_SARIF_SCHEMA", text(&schema.stdout).trim())
        .output()
        .expect("python3 runs");
    assert!(
        validated.status.success(),
        "SARIF is invalid:\n{}{}",
        text(&validated.stdout),
        text(&validated.stderr)
    );
}

#[test]
fn untracked_file_argument_is_pointed_out() {
    let dir = small_flake();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    if !git(&["init", "-q"]).status.success() {
        return; // no git on this machine: the walk sees every file
    }
    git(&["add", "flake.nix", "hosts/b.nix"]);
    let out = qg_check(dir.path(), &["hosts/a.nix", "hosts/b.nix"]);
    assert_eq!(
        text(&out.stderr).lines().next(),
        Some("qg-check: warning: hosts/a.nix is not tracked by git, so the flake does not see it (git add it)")
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "a.nix's error is invisible to the flake"
    );
}

/// No byte of an encrypted SOPS value reaches any output format, even when a finding's
/// related span points into the sops file.
#[test]
fn secret_values_never_reach_any_output() {
    let fixture = workspace_root().join("tests/fixtures/qg201-secret-name-typo");
    let dir = TempDir::new("secrets-output");
    support::copy_tree(&fixture, dir.path());
    let yaml = std::fs::read_to_string(dir.path().join("secrets/secrets.yaml")).unwrap();
    let payloads: Vec<&str> = yaml
        .split("ENC[")
        .skip(1)
        .map(|rest| &rest[..rest.find(']').unwrap()])
        .collect();
    assert!(!payloads.is_empty());
    for format in ["human", "json", "sarif", "github"] {
        let out = qg_check(dir.path(), &["--format", format, "--color", "always"]);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            all.contains("QG201"),
            "{format}: the finding is reported\n{all}"
        );
        // SARIF embeds the rule pages, whose examples show made-up `ENC[...]` values.
        if format != "sarif" {
            assert!(
                !all.contains("ENC["),
                "{format} shows an encrypted value:\n{all}"
            );
        }
        for payload in &payloads {
            for field in payload.split(',').filter(|f| f.len() > 8) {
                assert!(!all.contains(field), "{format} leaks `{field}`");
            }
        }
    }
}

#[test]
fn unused_sops_keys_are_shown_without_their_values() {
    let dir = TempDir::new("secrets-unused");
    support::copy_tree(&workspace_root().join("examples/qgroget"), dir.path());
    dir.write("qg.toml", "[rules]\nQG204 = \"hint\"\n");
    let yaml_path = dir.path().join("secrets/secrets.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    let extra = "old_service:\n    token: ENC[AES256_GCM,data:b2xkLXRva2Vu,iv:b2xkaXY=,tag:b2xkdGFn,type:str]\n";
    let yaml = yaml.replacen("sops:\n", &format!("{extra}sops:\n"), 1);
    std::fs::write(&yaml_path, &yaml).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.starts_with("    token:"))
        .unwrap() as u64
        + 1;
    let (report, _) = json_report(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        [(
            "QG204".to_string(),
            "secrets/secrets.yaml".to_string(),
            line
        )]
    );
    for format in ["human", "json", "sarif", "github"] {
        let out = qg_check(dir.path(), &["--format", format, "--color", "always"]);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            all.contains("old_service/token"),
            "{format}: the key is named\n{all}"
        );
        for field in ["b2xkLXRva2Vu", "b2xkaXY=", "b2xkdGFn"] {
            assert!(!all.contains(field), "{format} leaks `{field}`:\n{all}");
        }
    }
}

#[test]
fn fleet_packs_from_qg_toml_teach_qg_about_the_fleet() {
    let dir = TempDir::new("packs");
    support::copy_tree(
        &workspace_root().join("tests/fixtures/qg201-secret-name-typo"),
        dir.path(),
    );
    // A secret owned by a misspelt user of a fleet-specific service: qg cannot know the
    // users a module it does not model creates, so it is silent until a pack says.
    dir.write(
        "modules/server/jellyfin.nix",
        "{config, ...}: {\n  sops.secrets.\"jellyfin/admin_password\".owner = \"mediasvr\";\n  services.media-server.enable = true;\n}\n",
    );
    let (report, _) = json_report(dir.path(), &[]);
    assert!(
        !findings(&report).iter().any(|f| f.0 == "QG203"),
        "{report:#}"
    );
    dir.write("qg.toml", "packs = [\"queries\"]\n");
    dir.write(
        "queries/homelab.toml",
        "[pack]\nname = \"homelab\"\n\n[[entity]]\nkind = \"user\"\nwhen = \"services.media-server.enable\"\nnames = [\"mediasrv\"]\n",
    );
    let (report, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(findings(&report).contains(&(
        "QG203".to_string(),
        "modules/server/jellyfin.nix".to_string(),
        2
    )));
    dir.write(
        "queries/homelab.toml",
        "[pack]\nname = \"homelab\"\n\n[[reference]]\nkind = \"unit\"\nat = \"a..b\"\nrule = \"QG305\"\n",
    );
    let out = qg_check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "qg-check: error: queries/homelab.toml:6: empty segment in `a..b`\n"
    );
}

/// Applies, for each finding of `rule`, its fix whose title starts with `title` (edits by
/// byte offset, last first), in the files of `dir`.
fn apply_fixes(
    dir: &std::path::Path,
    report: &serde_json::Value,
    rule: &str,
    title: &str,
) -> usize {
    let mut edits: Vec<(String, usize, usize, String)> = Vec::new();
    for d in report["diagnostics"].as_array().unwrap() {
        if d["rule"] != rule {
            continue;
        }
        let fix = d["fixes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["title"].as_str().unwrap().starts_with(title))
            .unwrap_or_else(|| panic!("no `{title}` fix: {d:#}"));
        for e in fix["edits"].as_array().unwrap() {
            edits.push((
                e["file"].as_str().unwrap().to_string(),
                e["range"]["start"]["offset"].as_u64().unwrap() as usize,
                e["range"]["end"]["offset"].as_u64().unwrap() as usize,
                e["newText"].as_str().unwrap().to_string(),
            ));
        }
    }
    edits.sort_by(|a, b| (&b.0, b.1).cmp(&(&a.0, a.1)));
    for (file, start, end, new_text) in &edits {
        let path = dir.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.replace_range(*start..*end, new_text);
        std::fs::write(&path, text).unwrap();
    }
    edits.len()
}

#[test]
fn fixes_that_add_definitions_repair_the_finding() {
    for (fixture, rule, title) in [
        ("qg402-backup-not-persisted", "QG402", "Persist"),
        ("qg202-secret-on-other-host", "QG202", "Declare"),
    ] {
        let dir = TempDir::new(&format!("fix-{rule}"));
        support::copy_tree(
            &workspace_root().join("tests/fixtures").join(fixture),
            dir.path(),
        );
        let (before, _) = json_report(dir.path(), &[]);
        let count = findings(&before).iter().filter(|f| f.0 == rule).count();
        assert!(count > 0, "{fixture}: {before:#}");
        assert_eq!(apply_fixes(dir.path(), &before, rule, title), count);
        let (after, _) = json_report(dir.path(), &[]);
        let left: Vec<_> = findings(&after)
            .into_iter()
            .filter(|f| f.0 == rule)
            .collect();
        assert_eq!(left, [], "{fixture} after the fixes: {after:#}");
        assert!(
            !findings(&after)
                .iter()
                .any(|f| f.0 == "QG001" || f.0 == "QG401"),
            "the fix breaks nothing: {after:#}"
        );
    }
}

/// The README's rule table is `qg-check --list-rules`, row for row.
#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let rows: Vec<String> = readme
        .lines()
        .filter(|l| l.starts_with("| [QG"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let id = cells[1].trim_start_matches('[').split(']').next().unwrap();
            format!("{id} {} {} {}", cells[2], cells[3], cells[4])
        })
        .collect();
    let out = qg_check(&workspace_root(), &["--list-rules"]);
    let listed: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(rows, listed);
}

/// A flake whose hosts qg cannot see is checked for syntax only: every format says so, and
/// `--require-hosts` fails the run for CI.
#[test]
fn a_flake_without_hosts_says_so_in_every_format() {
    let dir = small_flake();
    dir.write("hosts/a.nix", "{ config, ... }: { }\n");
    let human = qg_check(dir.path(), &["--color", "never"]);
    assert_eq!(human.status.code(), Some(0));
    assert!(
        text(&human.stderr).contains("no NixOS host found, so only the local lints"),
        "{}",
        text(&human.stderr)
    );
    let (report, _) = json_report(dir.path(), &[]);
    assert_eq!(report["hosts"], serde_json::json!([]));
    let note = report["notes"][0]["message"].as_str().unwrap();
    assert!(note.contains("--override-input"), "{note}");
    let sarif = qg_check(dir.path(), &["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let notification = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "warning");
    let github = text(&qg_check(dir.path(), &["--format", "github"]).stdout);
    assert!(github.starts_with("::warning title=qg-check::"), "{github}");
    assert_eq!(
        qg_check(dir.path(), &["--require-hosts"]).status.code(),
        Some(1)
    );
    dir.write(
        "flake.nix",
        "{ inputs.nixpkgs.url = \"github:nixos/nixpkgs\";\n  outputs = { nixpkgs, ... }: {\n    nixosConfigurations.a = nixpkgs.lib.nixosSystem { modules = [ ./hosts/a.nix ]; };\n  };\n}\n",
    );
    let (report, code) = json_report(dir.path(), &["--require-hosts"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["hosts"][0]["name"], "a");
    assert_eq!(report["hosts"][0]["complete"], true);
    assert_eq!(report["notes"], serde_json::json!([]));
}

/// A flake with a nix-darwin host beside a NixOS host: the NixOS host is checked, the
/// darwin host is named as not checked once in every format (a notice, not a warning) and
/// by `--list-hosts`, and its file still gets the local lints.
#[test]
fn darwin_hosts_are_named_as_not_checked_in_every_format() {
    let dir = TempDir::new("cli-darwin");
    support::copy_tree(
        &workspace_root().join("tests/unchecked-hosts/darwin"),
        dir.path(),
    );
    let (report, code) = json_report(dir.path(), &["--require-hosts"]);
    assert_eq!(code, 0, "{report}");
    let root = report["flakes"][0].as_str().unwrap().to_string();
    let note = format!(
        "{root}: not checked: `darwinConfigurations.laptop` (qg checks NixOS hosts; nix-darwin's \
         are out of its scope, and files only they read got the local lints QG001-QG005 alone)."
    );
    assert_eq!(
        report["hosts"],
        serde_json::json!([{ "flake": root, "name": "builder", "complete": true }])
    );
    assert_eq!(
        report["notes"],
        serde_json::json!([{ "flake": root, "message": note }])
    );
    assert_eq!(
        findings(&report),
        [("QG003".to_string(), "hosts/laptop.nix".to_string(), 4)]
    );

    let human = qg_check(dir.path(), &["--color", "never"]);
    let notes: Vec<String> = text(&human.stderr)
        .lines()
        .filter(|l| l.starts_with("qg-check: note:"))
        .map(String::from)
        .collect();
    assert_eq!(notes, [format!("qg-check: note: {note}")]);

    let sarif = qg_check(dir.path(), &["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(
        log["runs"][0]["invocations"][0]["toolExecutionNotifications"],
        serde_json::json!([{ "level": "note", "message": { "text": note } }])
    );

    let github = text(&qg_check(dir.path(), &["--format", "github"]).stdout);
    let commands: Vec<&str> = github
        .lines()
        .filter(|l| !l.starts_with("::warning file="))
        .collect();
    assert_eq!(commands, [format!("::notice title=qg-check::{note}")]);

    let listed = text(&qg_check(dir.path(), &["--list-hosts"]).stdout);
    let lines: Vec<&str> = listed
        .lines()
        .filter(|l| !l.starts_with("inputs:"))
        .collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(lines[0].starts_with("builder "), "{listed}");
    assert_eq!(
        lines[1],
        "darwinConfigurations.laptop: not checked (nix-darwin hosts are out of qg's scope)"
    );
    let listed = qg_check(dir.path(), &["--list-hosts", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(
        listed["flakes"][0]["unchecked"],
        serde_json::json!(["darwinConfigurations.laptop"])
    );
}
