//! Differential test of qg's evaluator against the real Nix (the oracle).
//!
//! Every case of `tests/eval-corpus` (except `data/`) is evaluated by
//! `nix-instantiate --eval --strict CASE` and by `qg-check eval CASE`:
//! - success cases: stdout must be byte-identical and both must succeed;
//! - error cases (`# error: <kind>` first line): both must fail, and the kind qg reports
//!   (the `qg-error-kind: <kind>` line of its stderr) must be the declared kind.
//!
//! No expected output is stored. Without `nix-instantiate` on PATH the test fails (CI
//! installs Debian's `nix-bin`) unless `QG_SKIP_NIX_ORACLE=1`.
//!
//! Deliberate differences (also listed in docs/architecture.md):
//! - qg evaluates as current Nix does (2.2x/2.3x, the Nix real flakes are evaluated with),
//!   not as the oracle, Debian's Nix 2.8. Where the two differ, qg follows current Nix and
//!   `cli/tests/eval_modern.rs` states the expected output (from `shared/facts/modern-nix.md`):
//!   - pure evaluation, as for a flake: `getEnv` gives `""`, `currentSystem` and
//!     `currentTime` are absent, `nixVersion` is current Nix's (`NIX_VERSION`), not "2.8.0";
//!     `pathExists` of a path outside the root and the store is `false`;
//!   - `a = { b.c = 1; }; a = { b.d = 2; };` merges recursively (2.26; 2.8: already defined);
//!   - integer overflow in `+ - * /` is an error (2.25; 2.8 wrapped), as are `floor`/`ceil`
//!     out of range and `fromJSON` of an integer in (2^63-1, 2^64);
//!   - NUL bytes in `fromJSON`/`fromTOML` strings are errors (2.26; 2.8 cut the string);
//!     `fromTOML` dates are an error with the prefix `while parsing TOML: ` (2.21);
//!   - `genericClosure`: an empty `startSet` is `[]`, keys are checked with Nix's `<` (2.13);
//!   - messages of `elemAt`/`head`/`tail` (2.26), of unknown hash algorithms (2.19);
//!   - `toJSON` writes floats with the shortest round-trip digits, whole ones with `.0`
//!     (2.12; 2.8 used 6 significant digits), and `\b`/`\f` as short escapes;
//!   - the builtins of later Nix: `break`, `traceVerbose`, `readFileType`, `warn`,
//!     `convertHash`, `addDrvOutputDependencies`; the experimental feature `flakes` is on
//!     (as when a flake is evaluated): `parseFlakeRef`, `flakeRefToString`, `getFlake`,
//!     `fetchTree`;
//!   - printing: attribute names are quoted as current Nix quotes them (2.16: keywords such
//!     as `then` quoted, `$` escaped only before `{`); without `--strict`, `[ ]` is a value,
//!     not `<CODE>` (2.20);
//!   - messages use current Nix's words (type errors `expected a set but found an integer:
//!     1` with the value printed, 2.20; comparisons, 2.33) but keep 2.8's layout (message
//!     first, then frames); the corpus compares error kinds, not texts.
//! - Outside the corpus:
//!   - with `--call-with-unknowns` (qg only), a top-level function with a required formal
//!     or `...` (a NixOS module) is called with unknowns for its required arguments, where
//!     `nix-instantiate` prints `<LAMBDA>`;
//!   - fetchers, `storePath`, `<nixpkgs>`, derivations with unknown attributes and paths
//!     outside the root that Nix would read are unknowns;
//!   - an `assert` whose condition is unknown lets its body through (an `if` on an unknown
//!     is unknown);
//!   - `match`/`split` use the `regex` crate (leftmost-first) where POSIX wants the
//!     leftmost-longest match: only alternatives that are prefixes of one another (`a|ab`)
//!     can differ;
//!   - qg strings are UTF-8: `substring` cutting through a multi-byte character gives U+FFFD,
//!     and files that are not UTF-8 are read lossily;
//!   - beyond the first line (which the corpus checks by kind), messages and traces are qg's;
//!   - limits Nix does not have: a step budget, a depth limit, strings of at most 64 MiB and
//!     lists of at most 16 Mi elements give a `limit` error.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Cases whose output differs on purpose (current Nix and 2.8 differ), with the reason.
/// Their current-Nix output is stated in `eval_modern.rs`.
const DELIBERATE: &[(&str, &str)] = &[
    (
        "floats/018-float-json.nix",
        "toJSON writes floats as current Nix (2.12): shortest round-trip digits, `1.0`",
    ),
    (
        "json/004-tojson-control-chars.nix",
        "toJSON writes backspace and form feed as `\\b` and `\\f`, as current Nix (2.12)",
    ),
    (
        "json/005-tojson-floats.nix",
        "toJSON writes floats as current Nix (2.12): shortest round-trip digits, `1.0`",
    ),
    (
        "json/013-roundtrip-floats-lossy.nix",
        "toJSON writes floats as current Nix (2.12): a float round-trips exactly",
    ),
    (
        "printing/007-quoted-attr-names.nix",
        "attribute names print as current Nix (2.16): keywords such as `then` are quoted",
    ),
    (
        "printing/008-attr-names-with-escapes.nix",
        "attribute names print as current Nix (2.16): `$` is escaped only before `{`",
    ),
    (
        "printing/030-attr-name-dollar-escaping.nix",
        "attribute names print as current Nix (2.16): `$` is escaped only before `{`",
    ),
];

const THREADS: usize = 2;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/eval-corpus")
        .canonicalize()
        .expect("tests/eval-corpus exists")
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "data") {
                cases(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "nix") {
            out.push(path);
        }
    }
}

fn nix_available() -> bool {
    Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("the command runs");
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn nix_eval(case: &Path) -> Run {
    run(Command::new("nix-instantiate")
        .args(["--eval", "--strict"])
        .arg(case))
}

fn qg_eval(case: &Path) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_qg-check"))
        .args(["eval", "--strict"])
        .arg(case))
}

/// The `# error: <kind>` header of an error case.
fn declared_error(case: &Path) -> Option<String> {
    let text = std::fs::read_to_string(case).ok()?;
    let first = text.lines().next()?;
    first
        .strip_prefix("# error: ")
        .map(|k| k.trim().to_string())
}

fn qg_error_kind(stderr: &str) -> Option<&str> {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("qg-error-kind: "))
        .map(str::trim)
}

/// Compares one case; `Err` describes the difference.
fn compare(corpus: &Path, case: &Path) -> Result<(), String> {
    let name = case
        .strip_prefix(corpus)
        .unwrap_or(case)
        .display()
        .to_string();
    let nix = nix_eval(case);
    let qg = qg_eval(case);
    if let Some(kind) = declared_error(case) {
        if nix.ok {
            return Err(format!(
                "{name}: Nix succeeded on an error case: {}",
                nix.stdout
            ));
        }
        if qg.ok {
            return Err(format!(
                "{name}: qg succeeded on an error case ({kind}): {}",
                qg.stdout
            ));
        }
        return match qg_error_kind(&qg.stderr) {
            Some(k) if k == kind => Ok(()),
            other => Err(format!(
                "{name}: qg error kind {other:?}, declared {kind}: {}",
                qg.stderr.lines().next().unwrap_or("")
            )),
        };
    }
    if let Some((_, reason)) = DELIBERATE.iter().find(|(c, _)| *c == name) {
        if !qg.ok {
            return Err(format!(
                "{name}: deliberate difference ({reason}) but qg failed"
            ));
        }
        return Ok(());
    }
    if !nix.ok {
        return Err(format!(
            "{name}: Nix failed: {}",
            nix.stderr.lines().next().unwrap_or("")
        ));
    }
    if !qg.ok || qg.stdout != nix.stdout {
        return Err(format!(
            "{name}:\n    nix: {}    qg:  {}{}",
            nix.stdout,
            qg.stdout,
            qg.stderr.lines().next().unwrap_or("")
        ));
    }
    Ok(())
}

#[test]
fn corpus_matches_real_nix() {
    if !nix_available() {
        if std::env::var("QG_SKIP_NIX_ORACLE").as_deref() == Ok("1") {
            eprintln!("nix-instantiate not found; skipped (QG_SKIP_NIX_ORACLE=1)");
            return;
        }
        panic!(
            "nix-instantiate is not on PATH: the differential test needs the real Nix \
             (apt-get install nix-bin), or set QG_SKIP_NIX_ORACLE=1 to skip it"
        );
    }
    let corpus = corpus_dir();
    let mut all = Vec::new();
    cases(&corpus, &mut all);
    assert!(all.len() >= 300, "the corpus has {} cases", all.len());
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = all.get(i) else { break };
                if let Err(diff) = compare(&corpus, case) {
                    failures.lock().unwrap().push(diff);
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    println!(
        "eval differential: {} cases, {} identical (or same error kind), {} deliberate differences, {} differences, {:.1}s",
        all.len(),
        all.len() - failures.len() - DELIBERATE.len(),
        DELIBERATE.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    for (case, reason) in DELIBERATE {
        println!("  deliberate: {case}: {reason}");
    }
    assert!(
        failures.is_empty(),
        "{} cases differ from Nix:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `qg-check eval --call-with-unknowns` works on every Nix file of the example fleet:
/// modules are called with unknowns for their arguments, so no file fails for want of
/// `pkgs` or `lib`.
#[test]
fn example_fleet_files_evaluate() {
    let fleet = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/qgroget");
    let mut files = Vec::new();
    nix_files(&fleet, &mut files);
    let mut failures = Vec::new();
    for file in &files {
        let r = run(Command::new(env!("CARGO_BIN_EXE_qg-check"))
            .args(["eval", "--strict", "--call-with-unknowns"])
            .arg(file));
        if !r.ok {
            failures.push(format!(
                "{}: {}",
                file.display(),
                r.stderr.lines().next().unwrap_or("")
            ));
        }
    }
    println!(
        "example fleet: {} files evaluated, {} failed",
        files.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn nix_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            nix_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "nix") {
            out.push(path);
        }
    }
}

/// qg's own `lib` (written in Nix, `analyzer/nixos/src/modules/lib`) passes its tests
/// (`tests/lib`) under qg's evaluator as it does under Nix: every test passes, and every
/// `expectedError` test fails with its message.
#[test]
fn qg_lib_tests_pass_under_qg() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tests_dir = repo.join("tests/lib");
    let Ok(entries) = std::fs::read_dir(&tests_dir) else {
        return; // no lib tests in this checkout
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "nix"))
        .filter(|p| p.file_name().is_some_and(|n| n != "driver.nix"))
        .collect();
    files.sort();
    // Inside the repository (its git-ignored target/, wherever cargo builds): qg reads only
    // below the evaluation root, the flake that holds the wrapper, and the wrapper imports
    // tests/lib.
    let scratch = repo.join("target/qg-lib-tests");
    std::fs::create_dir_all(&scratch).unwrap();
    let driver = tests_dir.join("driver.nix");
    let (mut passed, mut failures) = (0, Vec::new());
    for file in &files {
        let wrapper = scratch.join("all.nix");
        std::fs::write(
            &wrapper,
            format!(
                "builtins.toJSON (import {} {{ file = {}; }})\n",
                driver.display(),
                file.display()
            ),
        )
        .unwrap();
        let r = qg_eval(&wrapper);
        assert!(r.ok, "{}: {}", file.display(), r.stderr);
        let results: serde_json::Value =
            serde_json::from_str(&nix_string_literal(r.stdout.trim())).unwrap();
        for t in results.as_array().unwrap() {
            let name = t["name"].as_str().unwrap();
            match t["status"].as_str().unwrap() {
                "pass" => passed += 1,
                "error-test" => {
                    let only = scratch.join("one.nix");
                    std::fs::write(
                        &only,
                        format!(
                            "import {} {{ file = {}; only = \"{name}\"; }}\n",
                            driver.display(),
                            file.display()
                        ),
                    )
                    .unwrap();
                    let e = qg_eval(&only);
                    let message = e.stderr.replace("\n       ", "\n");
                    let expected = t["expected"].as_str().unwrap();
                    if !e.ok && message.contains(expected) {
                        passed += 1;
                    } else {
                        failures.push(format!(
                            "{name}: wanted error {expected:?}, got {}",
                            e.stderr
                        ));
                    }
                }
                other => failures.push(format!("{}: {name}: {other} {t}", file.display())),
            }
        }
    }
    println!(
        "qg lib under qg's evaluator: {passed} passed, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The text of a Nix string literal as `qg-check eval` prints it.
fn nix_string_literal(printed: &str) -> String {
    let inner = printed
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .expect("a string");
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The benchmark's two generated expressions, timed with qg and with nix-instantiate.
/// Run with `cargo test -p qg-check --release --test eval_differential -- --ignored --nocapture`.
#[test]
#[ignore]
fn benchmark_against_nix() {
    let dir = std::env::temp_dir().join(format!("qg-eval-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bindings = dir.join("bindings.nix");
    std::fs::write(&bindings, generated_bindings(10_000)).unwrap();
    let recursion = dir.join("recursion.nix");
    std::fs::write(
        &recursion,
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000\n",
    )
    .unwrap();
    for file in [&bindings, &recursion] {
        let time = |f: &dyn Fn() -> Run| {
            let start = Instant::now();
            let r = f();
            (start.elapsed().as_secs_f64() * 1000.0, r)
        };
        let (qg_ms, qg) = time(&|| qg_eval(file));
        // Nix needs a big native stack for the deep recursion.
        let (nix_ms, nix) = time(&|| {
            run(Command::new("sh").arg("-c").arg(format!(
                "ulimit -s unlimited; nix-instantiate --eval --strict {}",
                file.display()
            )))
        });
        println!(
            "{}: qg {:.0} ms, nix-instantiate {:.0} ms (qg/nix = {:.2}); same output: {}",
            file.file_name().unwrap().to_string_lossy(),
            qg_ms,
            nix_ms,
            qg_ms / nix_ms,
            qg.ok && nix.ok && qg.stdout == nix.stdout
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `let b0 = 0; b1 = b0 + 1; ... in [ b9999 (length of names) ]`-like text: 10 000 bindings
/// that refer to each other, in a `let` and in a set.
fn generated_bindings(n: usize) -> String {
    let mut s = String::from("let\n");
    s.push_str("  b0 = 0;\n");
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
