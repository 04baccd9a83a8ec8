//! Flake inputs read for real: a fake Nix store built by each test (a folder given as
//! `--store`), `--override-input`, `[inputs]` of `qg.toml`, and an input that is nowhere.
//!
//! The fleet (`fleet/`) uses two inputs besides nixpkgs: `extras`, a small flake whose
//! `nixosModules.default` declares `extras.banner`, imports a file that sets the fleet's
//! own `fleet.port`, and imports the module of its own input `helper` (which declares
//! `helper.level`); `helper` is locked once, and `extras/nixpkgs` follows the root's
//! nixpkgs. The host gets `extras.banner` and `helper.level` wrong, and sets `fleet.port`
//! to another value than the input's file: three findings that exist only when the inputs
//! are read. The lock's `narHash` of each input is computed here (a NAR serialisation
//! written for the test), and its store path by `qg-check eval` (`"${./source}"`), which
//! `store_paths_are_nixs` checks against Nix itself.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use sha2::{Digest, Sha256};
use support::{findings, json_report, qg_check, TempDir};

const EXTRAS_FLAKE: &str = r#"{
  description = "extras: what every host of the fleet shares";
  inputs.helper.url = "github:example/helper";
  outputs = { self, nixpkgs, helper }: {
    nixosModules.default = { lib, ... }: {
      imports = [ ./fleet-port.nix helper.nixosModules.default ];
      options.extras.banner = lib.mkOption {
        type = lib.types.str;
        description = "Text shown before login.";
      };
    };
    marker = nixpkgs.lib.id "from extras";
  };
}
"#;

const EXTRAS_PORT: &str = "{ ... }:\n{\n  fleet.port = 8080;\n}\n";

const HELPER_FLAKE: &str = r#"{
  outputs = { self }: {
    nixosModules.default = { lib, ... }: {
      options.helper.level = lib.mkOption { type = lib.types.int; default = 1; };
    };
  };
}
"#;

const FLEET_FLAKE: &str = r#"{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.extras.url = "github:example/extras";
  outputs = { self, nixpkgs, extras, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ extras.nixosModules.default ./hosts/web.nix ];
    };
  };
}
"#;

const WEB: &str = r#"{ lib, ... }:
{
  options.fleet.port = lib.mkOption { type = lib.types.port; };
  options.fleet.label = lib.mkOption { type = lib.types.str; default = ""; };
  config = {
    extras.banner = 42;
    helper.level = "high";
    fleet.port = 9090;
  };
}
"#;

/// The findings that exist only when `extras` and `helper` are read.
fn with_inputs() -> Vec<(String, String, u64)> {
    vec![
        ("QG102".into(), "hosts/web.nix".into(), 6),
        ("QG102".into(), "hosts/web.nix".into(), 7),
        ("QG104".into(), "hosts/web.nix".into(), 8),
    ]
}

/// SRI `sha256-...` of the NAR serialisation of a folder (files, executables, links), as
/// a lock's `narHash` holds it.
fn nar_hash(path: &Path) -> String {
    fn text(h: &mut Sha256, bytes: &[u8]) {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
        h.update(&[0u8; 8][..(8 - bytes.len() % 8) % 8]);
    }
    fn node(h: &mut Sha256, path: &Path) {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::symlink_metadata(path).unwrap();
        text(h, b"(");
        text(h, b"type");
        if meta.file_type().is_symlink() {
            text(h, b"symlink");
            text(h, b"target");
            let target = std::fs::read_link(path).unwrap();
            text(h, target.to_string_lossy().as_bytes());
        } else if meta.is_dir() {
            text(h, b"directory");
            let mut names: Vec<_> = std::fs::read_dir(path)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            for name in names {
                text(h, b"entry");
                text(h, b"(");
                text(h, b"name");
                text(h, name.to_string_lossy().as_bytes());
                text(h, b"node");
                node(h, &path.join(&name));
                text(h, b")");
            }
        } else {
            text(h, b"regular");
            if meta.permissions().mode() & 0o100 != 0 {
                text(h, b"executable");
                text(h, b"");
            }
            text(h, b"contents");
            text(h, &std::fs::read(path).unwrap());
        }
        text(h, b")");
    }
    let mut h = Sha256::new();
    text(&mut h, b"nix-archive-1");
    node(&mut h, path);
    let digest = h.finalize();
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The store path of a folder's copy (`/nix/store/<hash>-source`), as qg computes it:
/// `qg-check eval` of `"${./source}"` on a copy named `source`.
fn store_path(folder: &Path) -> String {
    let scratch = TempDir::new("store-path");
    support::copy_tree(folder, &{
        let dir = scratch.path().join("source");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    });
    let out = qg_check(scratch.path(), &["eval", "--expr", r#""${./source}""#]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let path = text.trim().trim_matches('"').to_string();
    assert!(
        path.starts_with("/nix/store/") && path.ends_with("-source"),
        "{path}"
    );
    path
}

/// A test's world: the fleet, the inputs' sources, and a store folder holding them.
struct World {
    dir: TempDir,
    extras_path: String,
    helper_path: String,
}

impl World {
    fn new(name: &str) -> World {
        let dir = TempDir::new(name);
        dir.write("src/extras/flake.nix", EXTRAS_FLAKE);
        dir.write("src/extras/fleet-port.nix", EXTRAS_PORT);
        dir.write("src/helper/flake.nix", HELPER_FLAKE);
        dir.write("fleet/flake.nix", FLEET_FLAKE);
        dir.write("fleet/hosts/web.nix", WEB);
        let extras = dir.path().join("src/extras");
        let helper = dir.path().join("src/helper");
        let lock = serde_json::json!({
            "version": 7,
            "root": "root",
            "nodes": {
                "root": { "inputs": { "nixpkgs": "nixpkgs", "extras": "extras" } },
                "nixpkgs": {
                    "locked": { "type": "github", "owner": "NixOS", "repo": "nixpkgs",
                        "rev": "1111111111111111111111111111111111111111", "lastModified": 1_700_000_000,
                        "narHash": "sha256-3XYHZANT6AFBV0BqegkAZHbba6oeDkIUCDwbATLMhAY=" },
                    "original": { "type": "github", "owner": "NixOS", "repo": "nixpkgs" }
                },
                "extras": {
                    "inputs": { "nixpkgs": ["nixpkgs"], "helper": "helper" },
                    "locked": { "type": "github", "owner": "example", "repo": "extras",
                        "rev": "2222222222222222222222222222222222222222", "lastModified": 1_700_000_000,
                        "narHash": nar_hash(&extras) },
                    "original": { "type": "github", "owner": "example", "repo": "extras" }
                },
                "helper": {
                    "locked": { "type": "github", "owner": "example", "repo": "helper",
                        "rev": "3333333333333333333333333333333333333333", "lastModified": 1_600_000_000,
                        "narHash": nar_hash(&helper) },
                    "original": { "type": "github", "owner": "example", "repo": "helper" }
                }
            }
        });
        dir.write(
            "fleet/flake.lock",
            &serde_json::to_string_pretty(&lock).unwrap(),
        );
        World {
            extras_path: store_path(&extras),
            helper_path: store_path(&helper),
            dir,
        }
    }

    fn fleet(&self) -> PathBuf {
        self.dir.path().join("fleet")
    }

    fn src(&self, name: &str) -> PathBuf {
        self.dir.path().join("src").join(name)
    }

    /// Copies the inputs into `store/nix/store/...` (all of them, or the named ones).
    fn fill_store(&self, names: &[&str]) -> PathBuf {
        let store = self.dir.path().join("store");
        for (name, path) in [("extras", &self.extras_path), ("helper", &self.helper_path)] {
            if names.contains(&name) {
                let target = store.join(path.trim_start_matches('/'));
                std::fs::create_dir_all(&target).unwrap();
                support::copy_tree(&self.src(name), &target);
            }
        }
        std::fs::create_dir_all(&store).unwrap();
        store
    }

    fn check(&self, args: &[&str]) -> Vec<(String, String, u64)> {
        let (report, _) = json_report(&self.fleet(), args);
        findings(&report)
    }

    /// Asserts that `--list-hosts` read `extras` from `folder` (`source`: how it found it),
    /// as the store path its lock gives, and that the host is then complete.
    fn assert_extras_read(&self, flake: &serde_json::Value, source: &str, folder: &str) {
        assert_eq!(
            sources(flake),
            vec![
                ("extras".to_string(), source.to_string()),
                ("nixpkgs".to_string(), "model".to_string()),
            ]
        );
        let extras = &flake["inputs"][0];
        assert_eq!(extras["store_path"], self.extras_path.as_str());
        assert_eq!(extras["folder"], folder);
        assert_eq!(flake["hosts"][0]["complete"], true, "{flake}");
    }

    /// `--list-hosts --format json`: each root input's source, and the first flake.
    fn list_hosts(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--list-hosts"];
        all.extend_from_slice(args);
        let (doc, code) = json_report(&self.fleet(), &all);
        assert_eq!(code, 0, "{doc}");
        doc["flakes"][0].clone()
    }
}

fn sources(flake: &serde_json::Value) -> Vec<(String, String)> {
    flake["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn inputs_in_a_store_folder_are_checked_for_real() {
    let world = World::new("inputs-store");
    // Without the inputs, nothing of them is known: no finding depends on them.
    assert_eq!(world.check(&[]), vec![]);
    let store = world.fill_store(&["extras", "helper"]);
    let store = store.to_str().unwrap();
    assert_eq!(world.check(&["--store", store]), with_inputs());
    let flake = world.list_hosts(&["--store", store]);
    world.assert_extras_read(&flake, "store", &format!("{store}{}", world.extras_path));
    assert_eq!(flake["hosts"][0]["externals"], serde_json::json!([]));
}

#[test]
fn an_input_reads_its_own_inputs_from_the_store_too() {
    let world = World::new("inputs-nested");
    // `helper` missing: `extras` is read, its `helper` module is an external one.
    let store = world.fill_store(&["extras"]);
    let store = store.to_str().unwrap();
    assert_eq!(
        world.check(&["--store", store]),
        vec![
            ("QG102".into(), "hosts/web.nix".into(), 6),
            ("QG104".into(), "hosts/web.nix".into(), 8),
        ]
    );
    let flake = world.list_hosts(&["--store", store]);
    let host = &flake["hosts"][0];
    assert_eq!(
        host["externals"],
        serde_json::json!(["input extras/helper"])
    );
    let why = host["not_read"][0]["why"].as_str().unwrap();
    assert!(
        why.contains(&world.helper_path) && why.contains("--override-input extras/helper"),
        "{why}"
    );
}

#[test]
fn the_values_of_an_input_are_those_nix_gives() {
    let world = World::new("inputs-values");
    let store = world.fill_store(&["extras", "helper"]);
    world.dir.write(
        "fleet/hosts/web.nix",
        &WEB.replace("{ lib, ... }:", "{ lib, inputs, ... }:").replace(
            "fleet.port = 9090;",
            "fleet.port = 9090;\n    fleet.label = \"${inputs.extras}|${inputs.extras.shortRev}|${inputs.extras.lastModifiedDate}|${inputs.extras.marker}|${inputs.extras.inputs.helper.sourceInfo.outPath}\";",
        ),
    );
    world.dir.write(
        "fleet/flake.nix",
        &FLEET_FLAKE.replace(
            "system = \"x86_64-linux\";",
            "system = \"x86_64-linux\";\n      specialArgs.inputs = { inherit extras; };",
        ),
    );
    let out = qg_check(
        &world.fleet(),
        // Options global to every subcommand may come before it.
        &[
            "--store",
            store.to_str().unwrap(),
            "show",
            "web",
            "fleet.label",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let expected = format!(
        "\"{}|2222222|20231114221320|from extras|{}\"\n",
        world.extras_path, world.helper_path
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn an_override_folder_stands_for_the_input() {
    let world = World::new("inputs-override");
    let store = world.fill_store(&["helper"]);
    let extras = world.src("extras");
    let args = [
        "--store",
        store.to_str().unwrap(),
        "--override-input",
        "extras",
        extras.to_str().unwrap(),
    ];
    assert_eq!(world.check(&args), with_inputs());
    let flake = world.list_hosts(&args);
    assert_eq!(flake["inputs"][0]["source"], "override");
    assert_eq!(flake["inputs"][0]["folder"], extras.to_str().unwrap());
    // A `path:` reference, relative to the current folder, and an input of an input.
    let helper = world.src("helper");
    let args = [
        "--override-input",
        "extras",
        "path:../src/extras?dir=",
        "--override-input",
        "extras/helper",
        helper.to_str().unwrap(),
    ];
    assert_eq!(world.check(&args), with_inputs());
    // An override that is not a folder is a usage error.
    let out = qg_check(&world.fleet(), &["--override-input", "extras", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--override-input extras"));
}

#[test]
fn qg_toml_names_input_folders() {
    let world = World::new("inputs-toml");
    world.dir.write(
        "fleet/qg.toml",
        "[inputs]\nextras = \"../src/extras\"\n\"extras/helper\" = \"path:../src/helper\"\n",
    );
    assert_eq!(world.check(&[]), with_inputs());
    let flake = world.list_hosts(&[]);
    assert_eq!(
        sources(&flake),
        vec![
            ("extras".to_string(), "override".to_string()),
            ("nixpkgs".to_string(), "model".to_string()),
        ]
    );
    // `--override-input` wins over qg.toml: an empty flake for `extras` declares nothing.
    world
        .dir
        .write("src/empty/flake.nix", "{ outputs = { self, ... }: { }; }\n");
    let empty = world.src("empty");
    let found = world.check(&["--override-input", "extras", empty.to_str().unwrap()]);
    assert!(
        found.iter().all(|(rule, _, _)| rule != "QG102"),
        "{found:?}"
    );
    // A folder that does not exist is an error of qg.toml, at its line.
    world
        .dir
        .write("fleet/qg.toml", "[inputs]\n\nextras = \"../nowhere\"\n");
    let out = qg_check(&world.fleet(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.contains("qg.toml:3") && stderr.contains("extras"),
        "{stderr}"
    );
}

#[test]
fn a_missing_input_keeps_the_models_and_says_so() {
    let world = World::new("inputs-missing");
    // A file of the input (not a module it exports) sets the fleet's options: without it,
    // the host is incomplete.
    world.dir.write(
        "fleet/flake.nix",
        &FLEET_FLAKE.replace(
            "extras.nixosModules.default ./hosts/web.nix",
            "\"${extras}/fleet-port.nix\" ./hosts/web.nix",
        ),
    );
    world.dir.write(
        "fleet/hosts/web.nix",
        &WEB.replace("extras.banner = 42;", ""),
    );
    assert_eq!(world.check(&[]), vec![]);
    let flake = world.list_hosts(&[]);
    assert_eq!(
        sources(&flake),
        vec![
            ("extras".to_string(), "missing".to_string()),
            ("nixpkgs".to_string(), "model".to_string()),
        ]
    );
    let why = flake["inputs"][0]["why"].as_str().unwrap();
    assert!(
        why.contains(&world.extras_path)
            && why.contains("nix flake archive")
            && why.contains("--override-input extras"),
        "{why}"
    );
    let host = &flake["hosts"][0];
    assert_eq!(host["complete"], false);
    let not_read = &host["not_read"][0];
    assert_eq!(
        (&not_read["module"], &not_read["file"], &not_read["line"]),
        (
            &serde_json::json!("input extras"),
            &serde_json::json!("flake.nix"),
            &serde_json::json!(7)
        )
    );
    let why = not_read["why"].as_str().unwrap();
    assert!(
        why.starts_with("input `extras` is not available: "),
        "{why}"
    );
    // Human `--list-hosts`: the import, its place and the way out.
    let out = qg_check(&world.fleet(), &["--list-hosts"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "  not read: the import at flake.nix:7 is unknown: input `extras` is not available: "
        ) && text.contains("--override-input extras PATH"),
        "{text}"
    );
    // Human output: the note names the input and the way out.
    let out = qg_check(&world.fleet(), &["--color", "never"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.contains("input `extras`") && stderr.contains("--override-input extras"),
        "{stderr}"
    );
    // With the input, the file is read and the host is complete: its definition of
    // `fleet.port` conflicts with the host's (reported at the import of the input's file,
    // the first of the two definitions, whose own file is outside the flake).
    let store = world.fill_store(&["extras", "helper"]);
    let store = store.to_str().unwrap();
    let found = world.check(&["--store", store]);
    assert_eq!(found, vec![("QG104".into(), "flake.nix".into(), 7)]);
    let flake = world.list_hosts(&["--store", store]);
    assert_eq!(flake["hosts"][0]["complete"], true, "{flake}");
}

/// Whether Nix 2.8's `nix-instantiate` is there to compare with; without it a test skips
/// only when `QG_SKIP_NIX_ORACLE=1` says so.
fn nix_oracle() -> bool {
    let available = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        if std::env::var("QG_SKIP_NIX_ORACLE").as_deref() == Ok("1") {
            eprintln!("nix-instantiate not found; skipped (QG_SKIP_NIX_ORACLE=1)");
            return false;
        }
        panic!(
            "nix-instantiate is not on PATH (apt-get install nix-bin), or set QG_SKIP_NIX_ORACLE=1"
        );
    }
    true
}

/// The store path Nix gives a folder's copy under `name` (`builtins.path`).
fn nix_store_path(folder: &Path, name: &str) -> String {
    let expr = format!(
        "builtins.path {{ path = {}; name = \"{name}\"; }}",
        folder.display()
    );
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--readonly-mode", "-E", &expr])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .trim_matches('"')
        .to_string()
}

/// `nix hash to-base32` / `to-base16` of an SRI hash.
fn nix_hash_form(form: &str, sri: &str) -> String {
    let out = Command::new("nix")
        .args([
            "--extra-experimental-features",
            "nix-command",
            "hash",
            form,
            sri,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A pinned fetch (`fetchTarball { sha256 }`, `fetchTree { narHash }`) gives the store path
/// Nix gives the same tree, from every form of the hash Nix reads (SRI, base32, base16,
/// `sha256:` prefixed) and with a `name`; with the tree in the `--store` folder its files
/// are read, without it the path stays unknown.
#[test]
fn pinned_fetches_give_nixs_store_paths() {
    if !nix_oracle() {
        return;
    }
    let world = World::new("inputs-pinned-fetch");
    let tree = world.src("helper");
    let sri = nar_hash(&tree);
    let base32 = nix_hash_form("to-base32", &sri);
    let base16 = nix_hash_form("to-base16", &sri);
    let store = world.dir.path().join("store");
    for name in ["source", "helper-1.0"] {
        let path = nix_store_path(&tree, name);
        let target = store.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(&target).unwrap();
        support::copy_tree(&tree, &target);
        let named = if name == "source" {
            String::new()
        } else {
            format!("name = \"{name}\"; ")
        };
        for hash in [
            sri.clone(),
            base32.clone(),
            base16.clone(),
            format!("sha256:{base32}"),
        ] {
            let probe = format!(
                "[ (builtins.fetchTarball {{ url = \"https://example.org/h.tar.gz\"; {named}sha256 = \"{hash}\"; }}) \
                 (builtins.fetchTree {{ type = \"tarball\"; url = \"https://example.org/h.tar.gz\"; {named}narHash = \"{sri}\"; }}).outPath \
                 (builtins.stringLength (builtins.readFile \"${{builtins.fetchTarball {{ url = \"u\"; {named}sha256 = \"{hash}\"; }}}}/flake.nix\")) ]\n"
            );
            world.dir.write("fleet/probe.nix", &probe);
            let run = |extra: &[&str]| {
                let mut args = extra.to_vec();
                args.extend(["eval", "--strict", "probe.nix"]);
                let out = qg_check(&world.fleet(), &args);
                assert!(out.status.success(), "{out:?}");
                String::from_utf8(out.stdout).unwrap()
            };
            assert_eq!(
                run(&["--store", store.to_str().unwrap()]).trim(),
                format!("[ \"{path}\" \"{path}\" {} ]", HELPER_FLAKE.len()),
                "{hash} {name}"
            );
            let absent = run(&[]);
            assert!(
                absent.starts_with(
                    "[ \"${«unknown: fetched source https://example.org/h.tar.gz, not in the store"
                ) && absent.contains(&path),
                "{absent}"
            );
        }
    }
}

/// `tests/hosts/hive-pinned` with its pinned input (`tests/hosts/pinned-inputs/toolkit`)
/// in a store folder at the path its hash gives: the hive's nodes read the toolkit's module
/// and are complete, and the wrong type of `toolkit.banner` is found on the fleet's line.
#[test]
fn a_hive_reads_its_pinned_fetch_from_the_store_folder() {
    let fixtures = support::workspace_root().join("tests/hosts");
    let dir = TempDir::new("inputs-hive-pinned");
    let fleet = dir.path().join("fleet");
    std::fs::create_dir_all(&fleet).unwrap();
    support::copy_tree(&fixtures.join("hive-pinned"), &fleet);
    let toolkit = fixtures.join("pinned-inputs/toolkit");
    // The pin is the toolkit's NAR hash: the fixture and the input agree.
    let pins: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fleet.join("pins.json")).unwrap()).unwrap();
    assert_eq!(pins["toolkit"]["hash"], nar_hash(&toolkit).as_str());
    let store = dir.path().join("store");
    let at = store.join(store_path(&toolkit).trim_start_matches('/'));
    std::fs::create_dir_all(&at).unwrap();
    support::copy_tree(&toolkit, &at);
    let store_arg = store.to_str().unwrap();
    let (report, _) = json_report(&fleet, &["--store", store_arg]);
    assert_eq!(
        findings(&report),
        [("QG102".to_string(), "hosts/gate.nix".to_string(), 5)],
        "{report}"
    );
    let (listed, _) = json_report(&fleet, &["--store", store_arg, "--list-hosts"]);
    let hosts: Vec<(String, bool)> = listed["flakes"][0]["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap().to_string(),
                h["complete"] == true,
            )
        })
        .collect();
    assert_eq!(
        hosts,
        [("gate".to_string(), true), ("vault".to_string(), true)],
        "{listed}"
    );
}

/// qg's store paths and NAR hashes are Nix's: `builtins.path` of the same folders by
/// `nix-instantiate` (Nix 2.8 and later compute them alike).
#[test]
fn store_paths_are_nixs() {
    if !nix_oracle() {
        return;
    }
    let world = World::new("inputs-oracle");
    // An executable file and a link too, which the NAR serialisation writes apart.
    let extras = world.src("extras");
    std::fs::write(extras.join("run.sh"), "#!/bin/sh\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        extras.join("run.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::os::unix::fs::symlink("flake.nix", extras.join("link.nix")).unwrap();
    for folder in [extras, world.src("helper")] {
        assert_eq!(nix_store_path(&folder, "source"), store_path(&folder));
        let hash = Command::new("nix")
            .args([
                "--extra-experimental-features",
                "nix-command",
                "hash",
                "path",
            ])
            .arg(&folder)
            .output()
            .unwrap();
        assert!(hash.status.success(), "{hash:?}");
        assert_eq!(
            String::from_utf8(hash.stdout).unwrap().trim(),
            nar_hash(&folder)
        );
    }
}

#[test]
fn eval_reads_the_inputs_on_disk_and_nothing_else() {
    let world = World::new("inputs-eval");
    let store = world.fill_store(&["extras"]);
    let probe = format!(
        "[ (import {}/flake.nix).description (builtins.readFile {}/flake.nix) ]\n",
        world.extras_path, world.helper_path
    );
    world.dir.write("fleet/probe.nix", &probe);
    let out = qg_check(
        &world.fleet(),
        &[
            "--store",
            store.to_str().unwrap(),
            "eval",
            "--strict",
            "probe.nix",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    // `helper` is not in the store: reading it is refused like any path outside the flake.
    let text = String::from_utf8(out.stdout).unwrap();
    let refused = format!(
        "«unknown: {}/flake.nix is outside the root»",
        world.helper_path
    );
    assert!(
        text.starts_with("[ \"extras: what every host of the fleet shares\" ")
            && text.contains(&refused),
        "{text}"
    );
    let out = qg_check(&world.fleet(), &["eval", "--strict", "probe.nix"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("[ «unknown: import of /nix/store/"),
        "{text}"
    );
}

/// An input's outputs are evaluated as far as the host uses them: a huge attribute nobody
/// reads costs nothing, and an input whose own `flake.nix` fails in qg is unknown, not an
/// error of the fleet.
#[test]
fn inputs_are_read_lazily_and_their_failures_are_not_the_fleets() {
    let world = World::new("inputs-lazy");
    world.dir.write(
        "src/extras/flake.nix",
        &EXTRAS_FLAKE.replace(
            "marker = nixpkgs.lib.id \"from extras\";",
            "marker = nixpkgs.lib.id \"from extras\";\n    huge = builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 1000000000);\n    broken = throw \"never read\";",
        ),
    );
    world.dir.write(
        "src/helper/flake.nix",
        "{ outputs = { self }: builtins.abort \"helper does not evaluate\"; }\n",
    );
    // The lock's hashes are those of the files as changed.
    let world = World {
        extras_path: store_path(&world.src("extras")),
        helper_path: store_path(&world.src("helper")),
        ..world
    };
    relock(&world);
    let store = world.fill_store(&["extras", "helper"]);
    let started = std::time::Instant::now();
    let found = world.check(&["--store", store.to_str().unwrap()]);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // `helper` gives no module: `helper.level` is not known, so not wrong either.
    assert_eq!(
        found,
        vec![
            ("QG102".into(), "hosts/web.nix".into(), 6),
            ("QG104".into(), "hosts/web.nix".into(), 8),
        ]
    );
}

/// Rewrites the fleet's `flake.lock` with the NAR hashes of the inputs' folders as they are.
fn relock(world: &World) {
    let path = world.fleet().join("flake.lock");
    let mut lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for name in ["extras", "helper"] {
        lock["nodes"][name]["locked"]["narHash"] = nar_hash(&world.src(name)).into();
    }
    std::fs::write(&path, serde_json::to_string_pretty(&lock).unwrap()).unwrap();
}

/// Without `flake.lock` no input is read from the store, and `--list-hosts` says so; an
/// override still gives an input (whose own inputs are then unknown).
#[test]
fn a_flake_without_a_lock_reads_only_overrides() {
    let world = World::new("inputs-nolock");
    std::fs::remove_file(world.fleet().join("flake.lock")).unwrap();
    let flake = world.list_hosts(&[]);
    assert!(
        flake["lock"].as_str().unwrap().contains("no flake.lock"),
        "{flake}"
    );
    assert_eq!(sources(&flake), vec![]);
    let extras = world.src("extras");
    let args = ["--override-input", "extras", extras.to_str().unwrap()];
    assert_eq!(
        world.check(&args),
        vec![
            ("QG102".into(), "hosts/web.nix".into(), 6),
            ("QG104".into(), "hosts/web.nix".into(), 8),
        ]
    );
    let flake = world.list_hosts(&args);
    assert_eq!(
        sources(&flake),
        vec![("extras".to_string(), "override".to_string())]
    );
}

/// `--list-hosts --format json` and the findings with the system registry and `NIX_PATH`
/// of a test (a registry file named by `QG_NIX_REGISTRY`, never the real `/etc`).
fn with_fallbacks(
    world: &World,
    registry: &serde_json::Value,
    nix_path: &str,
) -> (serde_json::Value, serde_json::Value) {
    let file = world.dir.path().join("registry.json");
    std::fs::write(&file, serde_json::to_string(registry).unwrap()).unwrap();
    let env = [
        ("QG_NIX_REGISTRY", file.as_os_str()),
        ("NIX_PATH", OsStr::new(nix_path)),
    ];
    let run = |args: &[&str]| {
        let out = support::qg_check_env(&world.fleet(), args, &env);
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {out:?}"))
    };
    (
        run(&["--list-hosts", "--format", "json"])["flakes"][0].clone(),
        run(&["--format", "json"]),
    )
}

fn registry_entry(id: &str, path: &Path) -> serde_json::Value {
    serde_json::json!({
        "from": { "type": "indirect", "id": id },
        "to": { "type": "path", "path": path },
        "exact": true
    })
}

#[test]
fn the_registry_and_nix_path_stand_for_inputs_whose_nar_hash_is_the_locks() {
    let world = World::new("inputs-fallbacks");
    // `extras` named by the registry, `helper` by a `NIX_PATH` entry (through the registry
    // with `flake:`), both the very trees the lock names.
    let registry = serde_json::json!({ "version": 2, "flakes": [
        registry_entry("extras", &world.src("extras")),
        registry_entry("helper-tree", &world.src("helper")),
    ] });
    let (flake, report) = with_fallbacks(&world, &registry, "helper=flake:helper-tree:/nowhere");
    world.assert_extras_read(&flake, "registry", world.src("extras").to_str().unwrap());
    let extras = &flake["inputs"][0];
    assert!(
        extras["via"]
            .as_str()
            .unwrap()
            .ends_with("registry.json: extras"),
        "{extras}"
    );
    assert_eq!(findings(&report), with_inputs(), "{report}");

    // Another tree under the same name (the system's revision, not the lock's) is not used,
    // and the input says why.
    let other = world.dir.path().join("other-extras");
    support::copy_tree(&world.src("extras"), &{
        std::fs::create_dir_all(&other).unwrap();
        other.clone()
    });
    std::fs::write(
        other.join("fleet-port.nix"),
        "{ ... }: { fleet.port = 1; }\n",
    )
    .unwrap();
    let registry =
        serde_json::json!({ "version": 2, "flakes": [ registry_entry("extras", &other) ] });
    let bare = world.dir.path().join("channels");
    std::fs::create_dir_all(bare.join("extras")).unwrap();
    let (flake, report) = with_fallbacks(&world, &registry, bare.to_str().unwrap());
    assert_eq!(flake["inputs"][0]["source"], "missing", "{flake}");
    let why = flake["inputs"][0]["why"].as_str().unwrap();
    assert!(
        why.contains("registry.json: extras, NIX_PATH ")
            && why.contains("their NAR hashes are not the lock's narHash"),
        "{why}"
    );
    assert_eq!(findings(&report), vec![], "{report}");
}

/// nixpkgs is `model` in `--list-hosts` either way, but says what stands for it: qg's lib,
/// or, when its tree holds NixOS's modules (the miniature nixpkgs), that tree read.
#[test]
fn list_hosts_says_when_the_nixpkgs_tree_is_read() {
    let world = World::new("inputs-nixpkgs-tree");
    let why = |flake: &serde_json::Value| flake["inputs"][1]["why"].as_str().unwrap().to_string();
    let flake = world.list_hosts(&[]);
    assert_eq!(flake["inputs"][1]["name"], "nixpkgs", "{flake}");
    assert_eq!(
        why(&flake),
        "qg's own lib and nixosSystem stand for nixpkgs"
    );
    let mini = support::workspace_root().join("tests/nixpkgs-mini");
    let flake = world.list_hosts(&["--override-input", "nixpkgs", mini.to_str().unwrap()]);
    assert_eq!(sources(&flake)[1], ("nixpkgs".into(), "model".into()));
    assert_eq!(
        why(&flake),
        "its own lib and NixOS modules are read, with qg's nixosSystem"
    );
}
