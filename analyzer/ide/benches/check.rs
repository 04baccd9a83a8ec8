//! A full check of a flake (parse, lints, module evaluation, option, secret and
//! cross-reference rules): the bundled example fleet, a generated 1000-module fleet and a
//! generated fleet with 500 services and 1000 secrets. Also the cost of re-checking after
//! one edit (the language server's hot path), and after an edit of the sops file (only the
//! secret rules re-run).
//!
//! Run: `cargo bench -p qg-ide --bench check`.

use std::path::{Path, PathBuf};

/// The allocator of the `qg-check` and `qg-lsp` binaries, so the numbers are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use qg_ide::FlakeHost;
use qg_ide::RootDatabase;

fn example_fleet() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/qgroget")
        .canonicalize()
        .unwrap()
}

/// A generated fleet outside any git repository, so the file set is the plain walk.
fn generated_fleet(modules: usize) -> PathBuf {
    generate(
        &format!("qg-bench-fleet-{modules}"),
        qg_fleetgen::FleetShape::with_modules(modules),
    )
}

/// Three hosts, 500 services, 1000 secrets: the scale of the cross-reference rules.
fn services_fleet() -> PathBuf {
    let shape = qg_fleetgen::FleetShape {
        hosts: 3,
        service_modules: 500,
        secrets: 1000,
        desktop_modules: 0,
    };
    generate("qg-bench-fleet-500-services", shape)
}

fn generate(name: &str, shape: qg_fleetgen::FleetShape) -> PathBuf {
    let dir = std::env::temp_dir().join(name);
    qg_fleetgen::generate(&dir, &shape).expect("fleet generated");
    dir
}

fn full_check(root: &Path) -> usize {
    let host = FlakeHost::load(root, RootDatabase::default()).expect("flake loads");
    host.parse_all();
    host.all_diagnostics().len()
}

fn bench_full_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("full check");
    group.sample_size(20);
    let example = example_fleet();
    group.bench_function("example fleet", |b| b.iter(|| full_check(&example)));
    let generated = generated_fleet(1000);
    group.bench_function("generated 1000 modules", |b| {
        b.iter(|| full_check(&generated))
    });
    let services = services_fleet();
    group.bench_function("generated 500 services, 1000 secrets", |b| {
        b.iter(|| full_check(&services))
    });
    group.finish();
}

/// Editing the sops file re-runs the secret rules only (no host is evaluated again).
fn bench_sops_edit(c: &mut Criterion) {
    let fleet = services_fleet();
    let mut host = FlakeHost::load(&fleet, RootDatabase::default()).unwrap();
    assert_eq!(
        host.all_diagnostics().len(),
        0,
        "the generated fleet is clean"
    );
    let path = "secrets/secrets.yaml";
    let original = host.text(path).unwrap();
    let mut flip = false;
    c.bench_function("re-check after a sops file edit (1000 secrets)", |b| {
        b.iter(|| {
            flip = !flip;
            let text = if flip {
                format!("{original}\n# edited\n")
            } else {
                original.to_string()
            };
            host.set_text(path, text.into());
            host.all_diagnostics().len()
        })
    });
}

fn bench_one_edit(c: &mut Criterion) {
    let generated = generated_fleet(1000);
    let mut host = FlakeHost::load(&generated, RootDatabase::default()).unwrap();
    host.all_diagnostics();
    let path = host
        .paths()
        .into_iter()
        .find(|p| p.ends_with(".nix") && p.contains("services"))
        .unwrap();
    let original = host.text(&path).unwrap();
    let mut flip = false;
    c.bench_function("re-check after one edit (1000 modules)", |b| {
        b.iter(|| {
            flip = !flip;
            let text = if flip {
                format!("{original}\n# edited\n")
            } else {
                original.to_string()
            };
            host.set_text(&path, text.into());
            host.all_diagnostics().len()
        })
    });
}

/// The cross-reference rules alone, on facts already extracted (hosts evaluated once).
fn bench_rules_only(c: &mut Criterion) {
    let mut group = c.benchmark_group("cross-reference rules only");
    for (name, root) in [
        ("example fleet", example_fleet()),
        ("500 services, 1000 secrets", services_fleet()),
    ] {
        let host = FlakeHost::load(&root, RootDatabase::default()).unwrap();
        host.all_diagnostics();
        group.bench_function(name, |b| {
            b.iter(|| qg_checks::rerun_cross_reference_rules(host.raw_database(), host.workspace()))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_full_check,
    bench_one_edit,
    bench_sops_edit,
    bench_rules_only
);
criterion_main!(benches);
