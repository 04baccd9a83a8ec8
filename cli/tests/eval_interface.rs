//! `qg-check eval` takes `nix-instantiate --eval`'s interface: the same arguments given to
//! both (the real Nix is the oracle) print the same values and exit the same way.
//!
//! Cases run in a scratch folder holding a function file (`default.nix`, the default
//! input) and a plain set. Without `nix-instantiate` on PATH the test fails (CI installs
//! Debian's `nix-bin`) unless `QG_SKIP_NIX_ORACLE=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Each case: the arguments after `--eval` / `eval`.
const CASES: &[&[&str]] = &[
    &["plain.nix"],
    &["--strict", "plain.nix"],
    &["--json", "--strict", "plain.nix"],
    &["-A", "d.e", "plain.nix"],
    &["-A", "c.1", "--strict", "plain.nix"],
    &["--attr", "d", "--strict", "plain.nix"],
    &["-A", "c.5", "plain.nix"],
    &["-A", "missing.x", "plain.nix"],
    &["-A", "b.x", "plain.nix"],
    &["--arg", "y", "2", "--strict"],
    &["--arg", "y", "2", "-A", "sum"],
    &["--arg", "y", "2", "--arg", "y", "5", "-A", "sum"],
    &["--argstr", "y", "s", "-A", "list.1"],
    &["-A", "sum"],
    &["--arg", "y", "2", "-A", "nested.deep", "--json", "--strict"],
    &["--arg", "y", "2", "-A", "nested.deep.value", "--json"],
    &["-E", "1 + 2"],
    &["--expr", "{ a = 1; }", "-A", "a", "-A", "a"],
    &["-E", "x: x"],
    &["-E", "{ y }: y"],
    &["--arg", "y", "1", "-E", "{ y }: y"],
    &["--arg", "z", "1", "-E", "{ y ? 3, ... }@args: args"],
    &[
        "--strict",
        "--arg",
        "z",
        "1",
        "-E",
        "{ y ? 3, ... }@args: args",
    ],
    &["-E", "{ }", "-A", "b.c"],
    &["--strict", "-E", "import ./plain.nix"],
    &["--strict", "-E", "{ a = [ 1 2 ]; b.c = \"x\"; }", "-A", "b"],
    &["-E", "throw \"no\""],
    &[
        "--eval-only",
        "--show-trace",
        "--read-write-mode",
        "-E",
        "2",
    ],
    &["plain.nix", "default.nix", "--arg", "y", "1", "-A", "a"],
    // Lazy printing: a lambda is a thunk until forced, a variable shares its binding's
    // value (a builtin or `null` is a value, a `let` lambda a thunk).
    &[
        "-E",
        "{ f = x: x; g = map; h = null; i = true; j = builtins.map; k = 1; }",
    ],
    &[
        "-E",
        "let f = x: x; in { inherit f; g = f; l = [ f (y: y) map (builtins.add 1) ]; }",
    ],
    &["-E", "let s = { f = x: x; }; in builtins.seq s.f s"],
    &["-E", "rec { f = x: x; g = f; h = g 1; }"],
];

const FUNCTION_FILE: &str =
    "{ x ? 1, y }: { sum = x + y; list = [ x y ]; nested = { deep.value = y; f = a: a; }; }\n";
const PLAIN_FILE: &str = "{ a = 1; b = \"two\"; c = [ 1 2 ]; d = { e = true; }; }\n";

/// A scratch folder of its own for each test (tests run in parallel).
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qg-eval-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("default.nix"), FUNCTION_FILE).unwrap();
    std::fs::write(dir.join("plain.nix"), PLAIN_FILE).unwrap();
    dir
}

fn run(dir: &Path, program: &str, first: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program)
        .arg(first)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the command runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn nix_available() -> bool {
    Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn eval_speaks_nix_instantiate() {
    if !nix_available() {
        if std::env::var("QG_SKIP_NIX_ORACLE").as_deref() == Ok("1") {
            eprintln!("nix-instantiate not found; skipped (QG_SKIP_NIX_ORACLE=1)");
            return;
        }
        panic!(
            "nix-instantiate is not on PATH (apt-get install nix-bin), or set QG_SKIP_NIX_ORACLE=1"
        );
    }
    let dir = scratch("nix");
    let mut differences = Vec::new();
    for case in CASES {
        let mut nix = run(&dir, "nix-instantiate", "--eval", case);
        // Nix 2.8 (the oracle) ends JSON output without a newline, Nix since 2.11 with
        // one: qg follows current Nix.
        if case.contains(&"--json") && nix.0 && !nix.1.ends_with('\n') {
            nix.1.push('\n');
        }
        let qg = run(&dir, env!("CARGO_BIN_EXE_qg-check"), "eval", case);
        if nix != qg {
            differences.push(format!("{case:?}\n    nix: {nix:?}\n    qg:  {qg:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        differences.is_empty(),
        "{} of {} invocations differ:\n{}",
        differences.len(),
        CASES.len(),
        differences.join("\n")
    );
}

/// qg's own flag: a NixOS module evaluates alone, its arguments unknown.
#[test]
fn call_with_unknowns_calls_the_top_level_function() {
    let dir = scratch("unknowns");
    let (ok, out) = run(
        &dir,
        env!("CARGO_BIN_EXE_qg-check"),
        "eval",
        &[
            "--strict",
            "--call-with-unknowns",
            "-E",
            "{ pkgs, ... }: { p = pkgs; }",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(ok);
    assert_eq!(out, "{ p = «unknown: pkgs»; }\n");
}

/// Flags that change nothing for qg are accepted; others are a usage error (status 2).
#[test]
fn unknown_flags_are_usage_errors() {
    let dir = scratch("flags");
    let qg = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_qg-check"))
            .arg("eval")
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let accepted = qg(&[
        "--timeout",
        "1",
        "--option",
        "abort-on-warn",
        "true",
        "--pure-eval",
        "--impure",
        "--readonly-mode",
        "-E",
        "1",
    ]);
    assert!(accepted.status.success(), "{:?}", accepted);
    let refused = qg(&["--frobnicate", "-E", "1"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--frobnicate"));
    let _ = std::fs::remove_dir_all(&dir);
}
