//! Evaluator benchmarks: a generated file with 10 000 bindings and a recursive function
//! 100 000 calls deep. `cli/tests/eval_differential.rs` (`benchmark_against_nix`, ignored by
//! default) times the same two files with `nix-instantiate --eval --strict` side by side.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};

use qg_eval::{DiskLoader, Evaluator, Options};

/// `let b0 = 0; b1 = b0 + 1; ...` and a set of 10 000 attributes using them.
fn bindings_source(n: usize) -> String {
    let mut s = String::from("let\n  b0 = 0;\n");
    for i in 1..n {
        s.push_str(&format!("  b{i} = b{} + {};\n", i - 1, i % 7));
    }
    s.push_str("  set = {\n");
    for i in 0..n {
        s.push_str(&format!(
            "    a{i} = {{ v = b{i}; s = \"x${{toString b{i}}}\"; }};\n"
        ));
    }
    s.push_str("  };\n");
    s.push_str(&format!(
        "in [ b{} (builtins.length (builtins.attrNames set)) set.a{}.s ]\n",
        n - 1,
        n / 2
    ));
    s
}

const RECURSION: &str = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000\n";

fn write_inputs() -> (PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("qg-eval-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bindings = dir.join("bindings.nix");
    std::fs::write(&bindings, bindings_source(10_000)).unwrap();
    let recursion = dir.join("recursion.nix");
    std::fs::write(&recursion, RECURSION).unwrap();
    (dir, bindings, recursion)
}

/// Parses, evaluates and prints one file, as `qg-check eval` does.
fn evaluate(root: &Path, file: &Path) -> String {
    let loader = DiskLoader;
    let mut ev = Evaluator::new(&loader, root, Options::default());
    let v = ev.eval_file(file).unwrap();
    ev.print_strict(&v).unwrap()
}

fn bench(c: &mut Criterion) {
    let (dir, bindings, recursion) = write_inputs();
    let mut group = c.benchmark_group("eval");
    group.sample_size(10);
    group.bench_function("10k-bindings", |b| b.iter(|| evaluate(&dir, &bindings)));
    group.bench_function("recursion-100k", |b| b.iter(|| evaluate(&dir, &recursion)));
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
