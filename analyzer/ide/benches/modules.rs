//! The module system: every host of a fleet evaluated and its options checked (QG1xx), for
//! the bundled example fleet and for generated fleets of 125, 250 and 500 service modules on
//! 3 hosts (the cost must grow linearly). Parsing is done before timing (it is the `check`
//! bench's business); each iteration starts from a fresh database.
//!
//! Run: `cargo bench -p qg-ide --bench modules`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use qg_ide::{FlakeHost, RootDatabase};

fn example_fleet() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/qgroget")
        .canonicalize()
        .unwrap()
}

/// A generated fleet outside any git repository (the file set is the plain walk).
fn generated_fleet(services: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qg-bench-modules-{services}"));
    let shape = qg_fleetgen::FleetShape {
        hosts: 3,
        service_modules: services,
        secrets: services * 2,
        desktop_modules: 10,
    };
    qg_fleetgen::generate(&dir, &shape).expect("fleet generated");
    dir
}

/// A loaded and parsed flake, ready for the module system.
fn loaded(root: &Path) -> FlakeHost {
    let host = FlakeHost::load(root, RootDatabase::default()).expect("flake loads");
    host.parse_all();
    host
}

fn evaluate_and_check(host: FlakeHost) -> usize {
    let found = qg_checks::module_diagnostics(host.raw_database(), host.workspace()).len();
    assert_eq!(found, 0, "the fleets are correct");
    found
}

fn bench_modules(c: &mut Criterion) {
    let mut group = c.benchmark_group("modules");
    group.sample_size(10);
    let example = example_fleet();
    group.bench_function("example fleet (4 hosts)", |b| {
        b.iter_batched(
            || loaded(&example),
            evaluate_and_check,
            BatchSize::LargeInput,
        )
    });
    for services in [125, 250, 500] {
        let fleet = generated_fleet(services);
        group.bench_function(format!("{services} services, 3 hosts"), |b| {
            b.iter_batched(|| loaded(&fleet), evaluate_and_check, BatchSize::LargeInput)
        });
    }
    group.finish();
}

criterion_group!(benches, bench_modules);
criterion_main!(benches);
