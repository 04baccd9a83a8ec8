//! End-to-end tests: generate fleets into temporary directories and check
//! the files on disk.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{generate, FleetShape, GeneratedFleet};

/// A unique directory under the system temp dir, removed when dropped.
struct ScratchDir {
    path: PathBuf,
}

impl ScratchDir {
    fn new(label: &str) -> ScratchDir {
        static NEXT_ID: AtomicUsize = AtomicUsize::new(0);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let name = format!("qg-fleetgen-test-{}-{label}-{id}", std::process::id());
        let path = std::env::temp_dir().join(name);
        let _ = fs::remove_dir_all(&path);
        ScratchDir { path }
    }

    fn fleet(&self) -> PathBuf {
        self.path.join("fleet")
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

fn small_shape() -> FleetShape {
    FleetShape {
        hosts: 5,
        service_modules: 20,
        secrets: 50,
        desktop_modules: 7,
    }
}

/// Every file below `root`, as sorted paths relative to `root`.
fn files_below(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

fn nix_files_below(root: &Path) -> Vec<PathBuf> {
    files_below(root)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "nix"))
        .collect()
}

fn read(root: &Path, relative: &str) -> String {
    fs::read_to_string(root.join(relative)).unwrap()
}

fn service_sources(fleet: &GeneratedFleet) -> Vec<(PathBuf, String)> {
    let dir = fleet.root.join("modules/server/services");
    let mut sources: Vec<(PathBuf, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| (path.clone(), fs::read_to_string(path).unwrap()))
        .collect();
    sources.sort();
    sources
}

/// The value of the first `name = value;` line in `source`, without quotes.
fn binding_value<'a>(source: &'a str, name: &str) -> &'a str {
    let prefix = format!("{name} = ");
    source
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("no `{name} =` in\n{source}"))
        .trim_end_matches(';')
        .trim_matches('"')
}

/// The names declared by `sops.secrets."<name>" = ...` lines of `source`.
fn declared_secrets(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("sops.secrets.\""))
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// The values of every `owner = "<user>"` in `source`.
fn secret_owners(source: &str) -> Vec<&str> {
    source
        .split("owner = \"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect()
}

/// The `/`-joined key paths of the leaves of a sops YAML file (minus `sops:`).
fn yaml_secret_paths(yaml: &str) -> Vec<String> {
    let mut parents: Vec<String> = Vec::new();
    let mut leaves = Vec::new();
    for line in yaml.lines().take_while(|line| *line != "sops:") {
        let depth = (line.len() - line.trim_start().len()) / 4;
        parents.truncate(depth);
        let (key, value) = line.trim().split_once(':').unwrap();
        if value.is_empty() {
            parents.push(key.to_string());
        } else {
            assert!(value.trim().starts_with("ENC[AES256_GCM,data:"), "{line}");
            leaves.push([parents.join("/"), key.to_string()].join("/"));
        }
    }
    leaves
}

#[test]
fn file_count_and_report_match_the_shape() {
    let scratch = ScratchDir::new("count");
    let shape = small_shape();
    let fleet = generate(&scratch.fleet(), &shape).unwrap();
    assert_eq!(nix_files_below(&fleet.root).len(), fleet.nix_files);
    assert_eq!(fleet.nix_files, shape.nix_file_count());
    assert_eq!(fleet.nix_files, 6 + 5 * 3 + 20 + 7);
    let hosts = ["server0", "desktop1", "server2", "desktop3", "server4"];
    assert_eq!(fleet.hosts, hosts);
    assert_eq!((fleet.services, fleet.secrets), (20, 50));
    for host in hosts {
        for file in ["configuration", "settings", "hardware-configuration"] {
            assert!(fleet
                .root
                .join(format!("hosts/{host}/{file}.nix"))
                .is_file());
        }
    }
}

#[test]
fn with_modules_1000_gives_1000_files_within_five_percent() {
    let scratch = ScratchDir::new("thousand");
    let shape = FleetShape::with_modules(1000);
    let fleet = generate(&scratch.fleet(), &shape).unwrap();
    let written = nix_files_below(&fleet.root).len();
    assert!(
        (950..=1050).contains(&written),
        "{written} files for {shape:?}"
    );
    assert_eq!(written, fleet.nix_files);
    assert!(fleet.hosts.len() > 2 && fleet.services > 500 && fleet.secrets > fleet.services);
}

#[test]
fn with_modules_is_exact_for_many_sizes() {
    for total in [9, 10, 50, 100, 999, 1000, 5000, 20_000] {
        assert_eq!(FleetShape::with_modules(total).nix_file_count(), total);
    }
}

#[test]
fn output_is_deterministic_and_regeneration_replaces_the_fleet() {
    let (first, second) = (ScratchDir::new("det-a"), ScratchDir::new("det-b"));
    let shape = small_shape();
    generate(&first.fleet(), &shape).unwrap();
    generate(&second.fleet(), &shape).unwrap();
    assert_same_tree(&first.fleet(), &second.fleet());
    let smaller = FleetShape {
        service_modules: 3,
        ..small_shape()
    };
    generate(&first.fleet(), &smaller).unwrap();
    assert!(!first
        .fleet()
        .join("modules/server/services/svc0019.nix")
        .exists());
    generate(&first.fleet(), &shape).unwrap();
    assert_same_tree(&first.fleet(), &second.fleet());
}

fn assert_same_tree(left: &Path, right: &Path) {
    let files = files_below(left);
    assert_eq!(files, files_below(right));
    for file in files {
        let (a, b) = (fs::read(left.join(&file)), fs::read(right.join(&file)));
        assert_eq!(a.unwrap(), b.unwrap(), "{} differs", file.display());
    }
}

#[test]
fn refuses_to_empty_a_directory_that_is_not_a_fleet() {
    let scratch = ScratchDir::new("foreign");
    fs::create_dir_all(scratch.fleet()).unwrap();
    fs::write(scratch.fleet().join("notes.txt"), "keep me").unwrap();
    let error = generate(&scratch.fleet(), &small_shape()).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
    assert!(scratch.fleet().join("notes.txt").is_file());
}

#[test]
fn sops_file_holds_exactly_the_declared_secrets() {
    let scratch = ScratchDir::new("secrets");
    let fleet = generate(&scratch.fleet(), &FleetShape::with_modules(300)).unwrap();
    let declared: Vec<String> = service_sources(&fleet)
        .iter()
        .flat_map(|(_, source)| declared_secrets(source))
        .collect();
    let in_yaml = yaml_secret_paths(&read(&fleet.root, "secrets/secrets.yaml"));
    assert_eq!(declared.len(), fleet.secrets);
    let declared_set: BTreeSet<&String> = declared.iter().collect();
    assert_eq!(declared_set.len(), declared.len(), "duplicate secrets");
    assert_eq!(declared_set, in_yaml.iter().collect::<BTreeSet<_>>());
}

#[test]
fn sops_metadata_lists_every_recipient_of_sops_yaml() {
    let scratch = ScratchDir::new("recipients");
    let fleet = generate(&scratch.fleet(), &small_shape()).unwrap();
    let secrets = read(&fleet.root, "secrets/secrets.yaml");
    let config = read(&fleet.root, ".sops.yaml");
    let keys: Vec<&str> = config
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- &"))
        .map(|entry| entry.split_once(' ').unwrap().1)
        .collect();
    assert_eq!(keys.len(), 1 + fleet.hosts.len());
    for key in keys {
        assert!(secrets.contains(&format!("- recipient: {key}\n")));
    }
    for field in [
        "kms: []",
        "gcp_kms: []",
        "azure_kv: []",
        "hc_vault: []",
        "pgp: []",
    ] {
        assert!(secrets.contains(&format!("\n    {field}\n")), "{field}");
    }
    for field in [
        "lastmodified: ",
        "mac: ENC[",
        "unencrypted_suffix: ",
        "version: ",
    ] {
        assert!(secrets.contains(&format!("\n    {field}")), "{field}");
    }
}

#[test]
fn services_have_owners_and_distinct_ports_subdomains_and_data() {
    let scratch = ScratchDir::new("services");
    let fleet = generate(&scratch.fleet(), &FleetShape::with_modules(300)).unwrap();
    let mut seen: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, source) in service_sources(&fleet) {
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert!(source.contains(&format!("users.users.{id} = {{")));
        assert!(source.contains(&format!("users.groups.{id} = {{ }};")));
        let owners = secret_owners(&source);
        assert_eq!(owners.len(), declared_secrets(&source).len());
        assert!(
            owners.iter().all(|owner| *owner == id),
            "{}",
            path.display()
        );
        let data_dir = binding_value(&source, "dataDir");
        assert_eq!(data_dir, format!("/var/lib/{id}"));
        for (kind, value) in [
            ("port", binding_value(&source, "port")),
            ("subdomain", binding_value(&source, "name")),
            ("dataDir", data_dir),
        ] {
            assert!(
                seen.entry(kind).or_default().insert(value.to_string()),
                "{kind} {value}"
            );
        }
    }
    assert_persisted_paths_do_not_overlap(&seen["dataDir"]);
}

fn assert_persisted_paths_do_not_overlap(paths: &BTreeSet<String>) {
    let fixed = [
        "/var/lib/nixos",
        "/var/lib/systemd",
        "/var/lib/containers",
        "/var/lib/traefik",
    ];
    let all: Vec<&str> = paths.iter().map(String::as_str).chain(fixed).collect();
    for (i, a) in all.iter().enumerate() {
        assert!(a.starts_with('/'));
        for b in &all[i + 1..] {
            assert_ne!(a, b);
            assert!(!b.starts_with(&format!("{a}/")) && !a.starts_with(&format!("{b}/")));
        }
    }
}

#[test]
fn every_imported_path_exists() {
    let scratch = ScratchDir::new("imports");
    let fleet = generate(&scratch.fleet(), &small_shape()).unwrap();
    for file in nix_files_below(&fleet.root) {
        let source = read(&fleet.root, file.to_str().unwrap());
        let dir = fleet.root.join(&file).parent().unwrap().to_path_buf();
        for token in source.split_whitespace() {
            let token = token.trim_end_matches(';');
            let is_path = token.starts_with("./") || token.starts_with("../");
            if is_path && !token.contains("${") {
                assert!(
                    dir.join(token).exists(),
                    "{} imports {token}",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn every_nix_file_parses_with_nix_instantiate() {
    if Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: nix-instantiate is not on PATH; skipping the parse check");
        return;
    }
    let shapes = [
        FleetShape::with_modules(1000),
        FleetShape {
            hosts: 1,
            service_modules: 0,
            secrets: 0,
            desktop_modules: 0,
        },
    ];
    for shape in shapes {
        let scratch = ScratchDir::new("parse");
        let fleet = generate(&scratch.fleet(), &shape).unwrap();
        let files = nix_files_below(&fleet.root);
        assert_eq!(files.len(), fleet.nix_files);
        for batch in files.chunks(250) {
            assert_parses(&fleet.root, batch);
        }
    }
}

/// Runs `nix-instantiate --parse` on `files`; this also rejects undefined
/// variables and duplicate attributes.
fn assert_parses(root: &Path, files: &[PathBuf]) {
    let output = Command::new("nix-instantiate")
        .arg("--parse")
        .args(files)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "nix-instantiate --parse failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Module arguments that may stay unused, as in any NixOS module.
const CONVENTIONAL_ARGUMENTS: &[&str] = &["config", "lib", "pkgs", "options", "modulesPath"];

#[test]
fn deadnix_finds_only_conventional_unused_arguments() {
    if Command::new("deadnix").arg("--version").output().is_err() {
        eprintln!("note: deadnix is not on PATH; skipping the unused-binding check");
        return;
    }
    let scratch = ScratchDir::new("deadnix");
    let fleet = generate(&scratch.fleet(), &FleetShape::with_modules(300)).unwrap();
    let output = Command::new("deadnix")
        .args(["--output-format", "json"])
        .arg(&fleet.root)
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    for message in report.split("\"message\":\"").skip(1) {
        let message = message.split('"').next().unwrap();
        let (kind, name) = message.split_once(": ").unwrap();
        let allowed = kind == "Unused lambda pattern" && CONVENTIONAL_ARGUMENTS.contains(&name);
        assert!(allowed, "deadnix: {message}");
    }
}
