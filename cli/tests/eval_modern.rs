//! Behaviour of current Nix (2.9 and later) that the oracle on this machine, Debian's Nix
//! 2.8, does not have: each case states the output current Nix gives, taken from
//! `shared/facts/modern-nix.md` (read from Nix's source and release notes), since no
//! newer `nix-instantiate` is at hand. Cases where 2.8 already agrees belong in the
//! differential corpus (`tests/eval-corpus`), not here.
//!
//! Each case is `qg-check eval --strict -E EXPR` (pure evaluation with the experimental
//! feature `flakes`, as for a flake): the expected stdout, or the expected last `error: `
//! line of stderr (its beginning).

use std::process::Command;

enum Expect {
    /// stdout, without the trailing newline.
    Value(&'static str),
    /// The message of the error (what follows `error: ` on its line).
    Error(&'static str),
}

use Expect::{Error, Value};

const CASES: &[(&str, Expect)] = &[
    // §0 pure mode.
    (r#"builtins.getEnv "HOME""#, Value(r#""""#)),
    ("builtins ? currentSystem", Value("false")),
    ("builtins ? currentTime", Value("false")),
    (
        r#"builtins.compareVersions builtins.nixVersion "2.18" >= 0"#,
        Value("true"),
    ),
    ("builtins.langVersion", Value("6")),
    // §4 recursive merge of literal sets (2.26).
    (
        "{ a = { b.c = 1; }; a = { b.d = 2; }; }",
        Value("{ a = { b = { c = 1; d = 2; }; }; }"),
    ),
    (
        "{ a = { b = { c = 1; }; }; a.b.d = 2; a = { e = 3; }; }",
        Value("{ a = { b = { c = 1; d = 2; }; e = 3; }; }"),
    ),
    (
        "{ a = { b.c = 1; }; a = { b = { c = 2; }; }; }",
        Error("attribute 'c' already defined at"),
    ),
    // §3.1 integer overflow (2.25).
    (
        "9223372036854775807 + 1",
        Error("integer overflow in adding 9223372036854775807 + 1"),
    ),
    (
        "builtins.add 9223372036854775807 1",
        Error("integer overflow in adding 9223372036854775807 + 1"),
    ),
    (
        "(-9223372036854775807) - 2",
        Error("integer overflow in subtracting -9223372036854775807 - 2"),
    ),
    (
        "4611686018427387904 * 2",
        Error("integer overflow in multiplying 4611686018427387904 * 2"),
    ),
    (
        "(-9223372036854775807 - 1) / (-1)",
        Error("integer overflow in dividing -9223372036854775808 / -1"),
    ),
    ("9223372036854775806 + 1", Value("9223372036854775807")),
    (
        "builtins.floor 1.0e30",
        Error("NixFloat argument 1e+30 is not in the range of NixInt"),
    ),
    (
        r#"builtins.fromJSON "9223372036854775808""#,
        Error("unsigned json number 9223372036854775808 outside of Nix integer range"),
    ),
    (
        r#"builtins.fromJSON "18446744073709551616""#,
        Value("1.84467e+19"),
    ),
    // §3.2 NUL bytes (2.26).
    (
        r#"builtins.fromJSON "\"a\\u0000b\"""#,
        Error("input string 'a\u{2400}b' cannot be represented as Nix string because it contains null bytes"),
    ),
    (
        r#"builtins.fromTOML "a = \"x\\u0000y\"""#,
        Error("while parsing TOML: error: input string 'x\u{2400}y' cannot be represented as Nix string because it contains null bytes"),
    ),
    // §3.4 fromTOML (2.21 prefix; dates need an experimental feature).
    (
        r#"builtins.fromTOML "a = 1979-05-27T07:32:00Z""#,
        Error("while parsing TOML: Dates and times are not supported"),
    ),
    // §3.3 toJSON (2.12): shortest round-trip floats, whole ones with `.0`.
    (
        "builtins.toJSON [ 0.1 1.0 2.5 1.0e20 1.0e-7 123456789.0 (1.0 / 3) (0.0 * -1) ]",
        Value(r#""[0.1,1.0,2.5,1e+20,1e-07,123456789.0,0.3333333333333333,-0.0]""#),
    ),
    (
        "builtins.toJSON [ 0.0001 0.00001 1.0e15 (1.0e308 * 10) ]",
        Value(r#""[0.0001,1e-05,1e+15,null]""#),
    ),
    (
        "let x = 1.0 / 3; in x == builtins.fromJSON (builtins.toJSON x)",
        Value("true"),
    ),
    (
        r#"builtins.toJSON (builtins.fromJSON "\"\\b\\f\"")"#,
        Value(r#""\"\\b\\f\"""#),
    ),
    // Deep values (under current Nix's max-call-depth of 10000) convert without a crash.
    (
        "let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in builtins.stringLength (builtins.toJSON (f 5000))",
        Value("10002"),
    ),
    // §3.5 genericClosure (2.13).
    (
        "builtins.genericClosure { startSet = [ ]; operator = 1; }",
        Value("[ ]"),
    ),
    (
        "builtins.genericClosure { startSet = [ { k = 1; } ]; operator = x: [ ]; }",
        Error("attribute 'key' missing"),
    ),
    (
        r#"builtins.genericClosure { startSet = [ { key = 1; } { key = "a"; } ]; operator = x: [ ]; }"#,
        Error("cannot compare a string with an integer"),
    ),
    (
        "builtins.genericClosure { startSet = [ { key = { }; } ]; operator = x: [ ]; }",
        Value("[ { key = { }; } ]"),
    ),
    (
        "builtins.genericClosure { startSet = [ { key = 1; } { key = 1.0; } { key = 2; } ]; operator = x: [ ]; }",
        Value("[ { key = 1; } { key = 2; } ]"),
    ),
    // §3.6 messages (2.26).
    (
        "builtins.elemAt [ 1 2 ] 5",
        Error("'builtins.elemAt' called with index 5 on a list of size 2"),
    ),
    (
        "builtins.head [ ]",
        Error("'builtins.head' called on an empty list"),
    ),
    (
        "builtins.tail [ ]",
        Error("'builtins.tail' called on an empty list"),
    ),
    (
        r#"builtins.hashString "sha3" "x""#,
        Error("unknown hash algorithm 'sha3', expect 'md5', 'sha1', 'sha256', or 'sha512'"),
    ),
    // §2 builtins since 2.8.
    ("builtins.readFileType ./.", Value(r#""directory""#)),
    (
        "builtins.readFileType ./no-such-file",
        Error("path '"),
    ),
    ("break 3", Value("3")),
    ("builtins.break { a = 1; }", Value("{ a = 1; }")),
    (r#"builtins.traceVerbose (throw "not read") 4"#, Value("4")),
    (r#"builtins.warn "careful" 5"#, Value("5")),
    (
        r#"builtins.convertHash { hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; toHashFormat = "base16"; }"#,
        Value(r#""e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""#),
    ),
    (
        r#"builtins.convertHash { hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; hashAlgo = "sha256"; toHashFormat = "nix32"; }"#,
        Value(r#""0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73""#),
    ),
    (
        r#"builtins.convertHash { hash = "sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"; toHashFormat = "sri"; }"#,
        Value(r#""sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=""#),
    ),
    (
        r#"builtins.convertHash { hash = "e3b0"; toHashFormat = "sri"; }"#,
        Error("hash 'e3b0' does not include a type, nor is the type otherwise known from context"),
    ),
    (
        r#"builtins.convertHash { hash = "sha1:e3b0"; hashAlgo = "sha256"; toHashFormat = "sri"; }"#,
        Error("hash 'sha1:e3b0' should have type 'sha256'"),
    ),
    (
        r#"builtins.convertHash { hash = "sha256:e3b0"; toHashFormat = "sri"; }"#,
        Error("hash 'sha256:e3b0' has wrong length for hash algorithm 'sha256'"),
    ),
    (
        r#"builtins.convertHash { hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; toHashFormat = "hex"; }"#,
        Error("unknown hash format 'hex', expect 'base16', 'base32', 'base64', or 'sri'"),
    ),
    (
        r#"builtins.convertHash { toHashFormat = "sri"; }"#,
        Error("attribute 'hash' missing"),
    ),
    // §2.3 flake references. `qg-check eval` has the experimental feature `flakes` on, as
    // the evaluation of a flake has (without it current Nix has none of these builtins).
    ("builtins ? parseFlakeRef", Value("true")),
    ("builtins ? flakeRefToString", Value("true")),
    ("builtins ? getFlake", Value("true")),
    ("builtins ? fetchTree", Value("true")),
    (
        r#"builtins.parseFlakeRef "github:NixOS/nixpkgs/23.05?dir=lib""#,
        Value(r#"{ dir = "lib"; owner = "NixOS"; ref = "23.05"; repo = "nixpkgs"; type = "github"; }"#),
    ),
    (
        r#"builtins.flakeRefToString { dir = "lib"; owner = "NixOS"; ref = "23.05"; repo = "nixpkgs"; type = "github"; }"#,
        Value(r#""github:NixOS/nixpkgs/23.05?dir=lib""#),
    ),
    (
        r#"builtins.parseFlakeRef "github:NixOS/nixpkgs/0123456789abcdef0123456789abcdef01234567""#,
        Value(r#"{ owner = "NixOS"; repo = "nixpkgs"; rev = "0123456789abcdef0123456789abcdef01234567"; type = "github"; }"#),
    ),
    (
        r#"builtins.parseFlakeRef "github:NixOS/nixpkgs?ref=nixos-24.05&dir=lib""#,
        Value(r#"{ dir = "lib"; owner = "NixOS"; ref = "nixos-24.05"; repo = "nixpkgs"; type = "github"; }"#),
    ),
    // A ref with a slash is one path segment when written back.
    (
        r#"builtins.flakeRefToString (builtins.parseFlakeRef "gitlab:group/project/release/1.0")"#,
        Value(r#""gitlab:group/project/release%2F1.0""#),
    ),
    (
        r#"builtins.parseFlakeRef "git+https://example.org/repo.git?ref=main&rev=0123456789abcdef0123456789abcdef01234567""#,
        Value(r#"{ ref = "main"; rev = "0123456789abcdef0123456789abcdef01234567"; type = "git"; url = "https://example.org/repo.git"; }"#),
    ),
    (
        r#"builtins.flakeRefToString (builtins.parseFlakeRef "git+https://example.org/repo.git?rev=0123456789abcdef0123456789abcdef01234567&ref=main&dir=sub")"#,
        Value(r#""git+https://example.org/repo.git?dir=sub&ref=main&rev=0123456789abcdef0123456789abcdef01234567""#),
    ),
    (
        r#"builtins.parseFlakeRef "git+ssh://git@github.com/NixOS/nix?shallow=1""#,
        Value(r#"{ shallow = true; type = "git"; url = "ssh://git@github.com/NixOS/nix"; }"#),
    ),
    (
        r#"builtins.parseFlakeRef "path:/some/where?lastModified=12""#,
        Value(r#"{ lastModified = 12; path = "/some/where"; type = "path"; }"#),
    ),
    (
        r#"builtins.parseFlakeRef "/some/where""#,
        Value(r#"{ path = "/some/where"; type = "path"; }"#),
    ),
    (
        r#"builtins.flakeRefToString { type = "path"; path = "/a b"; revCount = 3; }"#,
        Value(r#""path:/a%20b?revCount=3""#),
    ),
    (
        r#"builtins.parseFlakeRef "nixpkgs""#,
        Value(r#"{ id = "nixpkgs"; type = "indirect"; }"#),
    ),
    (
        r#"builtins.parseFlakeRef "nixpkgs/nixos-24.05""#,
        Value(r#"{ id = "nixpkgs"; ref = "nixos-24.05"; type = "indirect"; }"#),
    ),
    (
        r#"builtins.parseFlakeRef "flake:nixpkgs?dir=lib""#,
        Value(r#"{ dir = "lib"; id = "nixpkgs"; type = "indirect"; }"#),
    ),
    (
        r#"builtins.flakeRefToString { type = "indirect"; id = "nixpkgs"; ref = "nixos-24.05"; }"#,
        Value(r#""flake:nixpkgs/nixos-24.05""#),
    ),
    (
        r#"builtins.parseFlakeRef "https://example.org/src.tar.gz""#,
        Value(r#"{ type = "tarball"; url = "https://example.org/src.tar.gz"; }"#),
    ),
    // A `?` needs a scheme: a bare flake id takes no query.
    (
        r#"builtins.parseFlakeRef "nixpkgs?dir=lib""#,
        Error("flake reference 'nixpkgs?dir=lib' is not an absolute path"),
    ),
    (
        r#"builtins.parseFlakeRef "github:NixOS""#,
        Error("flake reference 'github:NixOS' is not an absolute path"),
    ),
    (
        r#"builtins.parseFlakeRef "./relative""#,
        Error("flake reference './relative' is not an absolute path"),
    ),
    (
        r#"builtins.parseFlakeRef "github:NixOS/nixpkgs#hello""#,
        Error("unexpected fragment 'hello' in flake reference 'github:NixOS/nixpkgs#hello'"),
    ),
    (
        r#"builtins.parseFlakeRef "foo:bar""#,
        Error("input 'foo:bar' is unsupported"),
    ),
    (
        r#"builtins.parseFlakeRef "path:/x?foo=1""#,
        Error("path URL 'path:/x?foo=1' has unsupported parameter 'foo'"),
    ),
    (
        r#"builtins.parseFlakeRef "nixpkgs/a/b/c""#,
        Error("GitHub URL 'flake:nixpkgs/a/b/c' is invalid"),
    ),
    (
        r#"builtins.parseFlakeRef "github:NixOS/nixpkgs?rev=abc""#,
        Error("hash 'abc' has wrong length for hash algorithm 'sha1'"),
    ),
    (
        r#"builtins.flakeRefToString { type = "github"; owner = "a"; repo = "b"; x = { }; }"#,
        Error("flake reference attribute sets may only contain integers, Booleans, and strings, but attribute 'x' is a set"),
    ),
    (
        r#"builtins.flakeRefToString { type = "github"; owner = "a"; repo = "b"; lastModified = -1; }"#,
        Error("negative value given for flake ref attr lastModified: -1"),
    ),
    (
        r#"builtins.flakeRefToString { owner = "a"; }"#,
        Error("'type' attribute to specify input scheme is required but not provided"),
    ),
    (
        r#"builtins.flakeRefToString { type = "github"; owner = "a"; repo = "b"; bogus = "x"; }"#,
        Error("input attribute 'bogus' not supported by scheme 'github'"),
    ),
    (
        r#"builtins.flakeRefToString { type = "other"; a = 1; }"#,
        Error(r#"cannot show unsupported input '{"a":1,"type":"other"}'"#),
    ),
    // §6 type errors (2.20): current Nix's words, with the value printed lazily.
    (
        "if 1 then 2 else 3",
        Error("expected a Boolean but found an integer: 1"),
    ),
    (
        "builtins.length { a = 1; b = { }; }",
        Error("expected a list but found a set: { a = 1; b = «thunk»; }"),
    ),
    (
        r#"5 - "x""#,
        Error(r#"expected an integer but found a string: "x""#),
    ),
    ("1.5 * [ 1 ]", Error("expected a float but found a list: [ 1 ]")),
    ("{ } // 2", Error("expected a set but found an integer: 2")),
    ("[ 1 ] ++ null", Error("expected a list but found null: null")),
    (
        "builtins.attrNames [ 1 2 3 4 5 6 7 8 9 10 11 12 ]",
        Error("expected a set but found a list: [ 1 2 3 4 5 6 7 8 9 10 «2 items elided» ]"),
    ),
    (
        "builtins.length { a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8; i = 9; j = 10; k = 11; }",
        Error("expected a list but found a set: { a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8; i = 9; j = 10; «1 attribute elided» }"),
    ),
    (
        "builtins.length { z = 1; type = 2; _type = 3; }",
        Error("expected a list but found a set: { _type = 3; type = 2; z = 1; }"),
    ),
    (
        "let f = x: x; in builtins.length f",
        Error("expected a list but found a function: «lambda f @ «string»:1:9»"),
    ),
    (
        "builtins.length map",
        Error("expected a list but found the built-in function 'map': «primop map»"),
    ),
    (
        "builtins.length (builtins.add 1)",
        Error("expected a list but found the partially applied built-in function 'add': «partially applied primop add»"),
    ),
    (
        r#"builtins.head "${builtins.toFile "f" "x"}""#,
        Error(r#"expected a list but found a string with context: "/nix/store/"#),
    ),
    (
        r#"{ ${1} = 2; }"#,
        Error("expected a string but found an integer: 1"),
    ),
    (
        r#""a" + 1"#,
        Error("cannot coerce an integer to a string: 1"),
    ),
    (
        r#""${{ a = 1; }}""#,
        Error("cannot coerce a set to a string: { a = 1; }"),
    ),
    (
        "1 { }",
        Error("attempt to call something which is not a function but an integer: 1"),
    ),
    // §3.5 comparisons (2.33).
    (
        "{ a = 1; } < 1",
        Error("cannot compare a set with an integer; values are { a = 1; } and 1"),
    ),
    (
        "{ } < { }",
        Error("cannot compare a set with a set; values of that type are incomparable (values are { } and { })"),
    ),
    // §7 attribute names as current Nix prints them (2.16).
    (
        r#"{ "a-b" = 1; "1a" = 2; "with space" = 3; "" = 4; "a.b" = 5; "x'" = 6; "_1" = 7; "if" = 8; "then" = 9; "é" = 10; }"#,
        Value(r#"{ "" = 4; "1a" = 2; _1 = 7; a-b = 1; "a.b" = 5; "if" = 8; "then" = 9; "with space" = 3; x' = 6; "é" = 10; }"#),
    ),
    (
        r#"{ "$plain" = 1; "dollar\${x}" = 2; or = 3; "assert" = 4; "inherit" = 5; true = 6; }"#,
        Value(r#"{ "$plain" = 1; "assert" = 4; "dollar\${x}" = 2; "inherit" = 5; or = 3; true = 6; }"#),
    ),
    // `addDrvOutputDependencies` (2.19) and contexts.
    (
        r#"let d = derivation { name = "c"; builder = "b"; system = "s"; }; in builtins.attrValues (builtins.getContext (builtins.addDrvOutputDependencies (builtins.unsafeDiscardOutputDependency d.drvPath)))"#,
        Value("[ { allOutputs = true; } ]"),
    ),
    (
        r#"let d = derivation { name = "c"; builder = "b"; system = "s"; }; in builtins.addDrvOutputDependencies d.outPath"#,
        Error("`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as 'out'"),
    ),
    (
        r#"builtins.addDrvOutputDependencies "x""#,
        Error("context of string 'x' must have exactly one element, but has 0"),
    ),
    // §4 pipe operators (2.24; a flake that uses them has the feature on).
    ("1 |> (x: x + 1) |> (x: x * 3)", Value("6")),
    ("(x: x + 1) <| (y: y * 2) <| 5", Value("11")),
    (
        "[ 1 2 3 ] |> map (x: x * 2) |> builtins.filter (x: x > 2)",
        Value("[ 4 6 ]"),
    ),
    // Language: `__overrides` of a recursive set, a `let` that redefines `builtins`.
    (
        "rec { __overrides = { a = 2; c = 3; }; a = 1; b = a; }",
        Value("{ __overrides = { a = 2; c = 3; }; a = 2; b = 2; c = 3; }"),
    ),
    (
        "let builtins = { map = 1; }; in [ builtins.map (map (x: x + 1) [ 1 ]) ]",
        Value("[ 1 [ 2 ] ]"),
    ),
];

/// Printed without `--strict` (forced to weak head normal form only).
const LAZY_CASES: &[(&str, &str)] = &[
    // `[ ]` is not a thunk since 2.20 (2.8: `<CODE>`); a lambda, `{ }`, `__curPos` are.
    (
        "{ a = [ ]; b = { }; c = x: x; d = __curPos; e = null; f = map; }",
        "{ a = [ ]; b = <CODE>; c = <CODE>; d = <CODE>; e = null; f = <PRIMOP>; }",
    ),
    ("[ [ ] [ 1 ] ]", "[ [ ] <CODE> ]"),
];

fn qg_eval(expr: &str, extra: &[&str]) -> (bool, String, String) {
    qg_eval_with(&["--strict"], expr, extra)
}

fn qg_eval_with(mode: &[&str], expr: &str, extra: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_qg-check"))
        .arg("eval")
        .args(mode)
        .args(extra)
        .args(["-E", expr])
        .env_remove("NIX_ABORT_ON_WARN")
        .output()
        .expect("qg-check runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The message of the last `error: ` line (Nix's layout puts the real message last).
fn error_message(stderr: &str) -> Option<&str> {
    stderr
        .lines()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("error: "))
}

#[test]
fn current_nix_behaviour() {
    let mut failures = Vec::new();
    for (expr, expect) in CASES {
        let (ok, stdout, stderr) = qg_eval(expr, &[]);
        match expect {
            Value(want) => {
                if !ok || stdout.strip_suffix('\n') != Some(want) {
                    failures.push(format!(
                        "{expr}\n    want: {want}\n    got:  {}{}",
                        stdout.trim_end(),
                        error_message(&stderr).unwrap_or("")
                    ));
                }
            }
            Error(want) => {
                let got = error_message(&stderr).unwrap_or("");
                if ok || !got.starts_with(want) {
                    failures.push(format!(
                        "{expr}\n    want error: {want}\n    got: {} {got}",
                        stdout.trim_end()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from current Nix:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn lazy_printing_is_current_nix() {
    for (expr, want) in LAZY_CASES {
        let (ok, stdout, stderr) = qg_eval_with(&[], expr, &[]);
        assert!(ok, "{expr}: {stderr}");
        assert_eq!(stdout.strip_suffix('\n'), Some(*want), "{expr}");
    }
}

/// A string in a message is cut after 1024 bytes.
#[test]
fn long_strings_in_messages_are_cut() {
    let expr = r#"builtins.length (builtins.concatStringsSep "" (builtins.genList (x: "ab") 600))"#;
    let (ok, _, stderr) = qg_eval(expr, &[]);
    assert!(!ok);
    let want = format!(
        "expected a list but found a string: \"{}\" «176 bytes elided»",
        "ab".repeat(512)
    );
    assert_eq!(error_message(&stderr), Some(want.as_str()));
}

/// `builtins.warn` prints `evaluation warning: ...` and returns its second argument; with
/// `--option abort-on-warn true` it aborts after the warning.
#[test]
fn warn_and_abort_on_warn() {
    let (ok, stdout, stderr) = qg_eval(r#"builtins.warn "first\nsecond" 5"#, &[]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "5\n");
    assert!(
        stderr.contains("evaluation warning: first\n"),
        "the warning is printed: {stderr}"
    );
    let (ok, stdout, stderr) = qg_eval(
        r#"builtins.warn "careful" 5"#,
        &["--option", "abort-on-warn", "true"],
    );
    assert!(!ok, "abort-on-warn aborts: {stdout}");
    assert!(stderr.contains("evaluation warning: careful"), "{stderr}");
    assert!(
        stderr.contains("aborting to reveal stack trace of warning, as abort-on-warn is set"),
        "{stderr}"
    );
    // Not catchable, as in Nix.
    let (ok, _, _) = qg_eval(
        r#"builtins.tryEval (builtins.warn "careful" 5)"#,
        &["--option", "abort-on-warn", "true"],
    );
    assert!(!ok);
}

/// `traceVerbose` prints nothing without `--trace-verbose`; `convertHash`'s `base32`
/// still works, with a deprecation warning.
#[test]
fn quiet_builtins_print_what_nix_prints() {
    let (ok, stdout, stderr) = qg_eval(r#"builtins.traceVerbose "loud" 1"#, &[]);
    assert!(
        ok && stdout == "1\n" && !stderr.contains("loud"),
        "{stderr}"
    );
    let (ok, stdout, stderr) = qg_eval(
        r#"builtins.convertHash { hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; toHashFormat = "base32"; }"#,
        &[],
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "\"0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73\"\n"
    );
    assert!(
        stderr.contains(r#""base32" is a deprecated alias for hash format "nix32""#),
        "{stderr}"
    );
}
