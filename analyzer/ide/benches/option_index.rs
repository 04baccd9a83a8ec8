//! The option index and a fleet's checks with NixOS's own modules: a 10-host fleet on the
//! miniature nixpkgs (`tests/nixpkgs-mini`, as `--override-input nixpkgs`) and, when
//! `QG_NIXPKGS_PARTIAL` names a partial real nixpkgs (tests/nixpkgs-partial), on it too.
//!
//! - `index build`: one host's options described from an evaluation (no index on disk);
//! - `index read`: the same from a warm on-disk index (a fresh database each time);
//! - `check 10 hosts`: every diagnostic of the fleet from a fresh database (what
//!   `qg-check` does, its hosts evaluated on every core; checks never need the index);
//! - `re-check after an edit`: one host file changed, every diagnostic again.
//!
//! Budgets (issue 15, 2 cores, release): build <= 10 s and <= 500 MiB, a warm 10-host
//! check <= 1 s, a re-check <= 200 ms. Memory is measured on the binary
//! (`/usr/bin/time -f %M qg-check ...`), not here.
//!
//! Run: `cargo bench -p qg-ide --bench option_index` (add `QG_NIXPKGS_PARTIAL=DIR`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use qg_ide::{FlakeHost, InputArgs, RootDatabase};

/// The allocator of the `qg-check` and `qg-lsp` binaries (tuned as theirs below), so the
/// numbers are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HOSTS: usize = 10;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A host of the miniature's shape: the `clean` fleet's host, renamed.
fn mini_host(i: usize) -> String {
    let clean = repo().join("tests/nixpkgs-mini/fleets/clean/hosts/web.nix");
    std::fs::read_to_string(clean)
        .unwrap()
        .replace("hostName = \"web\"", &format!("hostName = \"h{i}\""))
}

/// A host of the partial tree's shape (the modules tests/nixpkgs-partial/run.sh uses).
fn partial_host(i: usize) -> String {
    format!(
        "{{ ... }}:\n{{\n  networking.hostName = \"h{i}\";\n  services.jellyfin.enable = {};\n  \
         services.traefik.enable = {};\n  networking.firewall.allowedTCPPorts = [ {} ];\n}}\n",
        i.is_multiple_of(2),
        i.is_multiple_of(3),
        8000 + i
    )
}

const PARTIAL_COMMON: &str = r#"{ ... }:
{
  nixpkgs.hostPlatform = "x86_64-linux";
  boot.loader.systemd-boot.enable = true;
  fileSystems."/" = { device = "/dev/disk/by-label/root"; fsType = "ext4"; };
  services.openssh.enable = true;
  users.users.alice = { isNormalUser = true; extraGroups = [ "wheel" ]; };
  system.stateVersion = "25.11";
  _module.check = false;
}
"#;

/// Writes a fleet of [`HOSTS`] hosts, each `[ common host ]`, outside any repository.
fn fleet(name: &str, common: &str, host: impl Fn(usize) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qg-bench-option-index-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("hosts")).unwrap();
    std::fs::create_dir_all(dir.join("modules")).unwrap();
    let mut flake = String::from(
        "{\n  inputs.nixpkgs.url = \"github:NixOS/nixpkgs/nixos-unstable\";\n  \
         outputs = { nixpkgs, ... }: {\n",
    );
    for i in 1..=HOSTS {
        flake.push_str(&format!(
            "    nixosConfigurations.h{i} = nixpkgs.lib.nixosSystem {{ system = \"x86_64-linux\"; \
             modules = [ ./modules/common.nix ./hosts/h{i}.nix ]; }};\n"
        ));
        std::fs::write(dir.join(format!("hosts/h{i}.nix")), host(i)).unwrap();
    }
    flake.push_str("  };\n}\n");
    std::fs::write(dir.join("flake.nix"), flake).unwrap();
    std::fs::write(dir.join("modules/common.nix"), common).unwrap();
    dir
}

fn load(root: &Path, tree: &Path) -> FlakeHost {
    let inputs = InputArgs {
        overrides: vec![("nixpkgs".to_string(), tree.to_path_buf())],
        base: root.to_path_buf(),
        ..InputArgs::default()
    };
    let host = FlakeHost::load_with(root, RootDatabase::default(), &inputs).expect("loads");
    host.parse_all();
    host
}

fn bench_tree(c: &mut Criterion, name: &str, root: &Path, tree: &Path) {
    let mut group = c.benchmark_group(format!("option index, {name}"));
    group.sample_size(10);
    let cache = std::env::temp_dir().join(format!("qg-bench-option-index-cache-{name}"));
    let _ = std::fs::remove_dir_all(&cache);

    qg_ide::set_cache_dir(None);
    group.bench_function("index build (1 host)", |b| {
        b.iter_batched(
            || load(root, tree),
            |host| host.options("h1").unwrap().len(),
            BatchSize::LargeInput,
        )
    });
    qg_ide::set_cache_dir(Some(cache.clone()));
    let _ = load(root, tree).options("h1");
    group.bench_function("index read (1 host, warm)", |b| {
        b.iter_batched(
            || load(root, tree),
            |host| host.options("h1").unwrap().len(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function(format!("check {HOSTS} hosts"), |b| {
        b.iter_batched(
            || load(root, tree),
            |host| host.all_diagnostics().len(),
            BatchSize::LargeInput,
        )
    });
    let mut host = load(root, tree);
    host.all_diagnostics();
    let file = "hosts/h1.nix";
    let original: Arc<str> = host.text(file).unwrap();
    let mut flip = false;
    group.bench_function("re-check after an edit", |b| {
        b.iter(|| {
            flip = !flip;
            let text = if flip {
                format!("{original}\n# edited\n").into()
            } else {
                original.clone()
            };
            host.set_text(file, text);
            host.all_diagnostics().len()
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&cache);
}

fn bench_option_index(c: &mut Criterion) {
    // As the binaries do.
    qg_ide::tune_allocator();
    let mini = repo().join("tests/nixpkgs-mini");
    let common = std::fs::read_to_string(mini.join("fleets/clean/modules/site.nix")).unwrap();
    let root = fleet("mini", &common, mini_host);
    bench_tree(c, "miniature", &root, &mini);
    if let Some(tree) = std::env::var_os("QG_NIXPKGS_PARTIAL") {
        let root = fleet("partial", PARTIAL_COMMON, partial_host);
        bench_tree(c, "partial nixpkgs", &root, Path::new(&tree));
    }
}

criterion_group!(benches, bench_option_index);
criterion_main!(benches);
