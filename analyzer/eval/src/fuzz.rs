//! Fuzzing the evaluator with random and mutated Nix text: no input may panic or hang it.
//!
//! Seeds are the differential corpus; each round mutates one (deletes, duplicates or swaps
//! ranges, inserts tokens, splices another seed) and evaluates the result under small
//! limits. The normal test run fuzzes for a few seconds; `QG_EVAL_FUZZ_SECS=600` runs longer.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{DiskLoader, Evaluator, Options};

const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    "=",
    ":",
    ",",
    ".",
    "?",
    "@",
    "...",
    "rec",
    "let",
    "in",
    "with",
    "inherit",
    "if",
    "then",
    "else",
    "assert",
    "or",
    "x",
    "y",
    "a.b",
    "1",
    "0",
    "-1",
    "2.5",
    "\"s\"",
    "\"${",
    "''",
    "''${",
    "${",
    "//",
    "++",
    "+",
    "-",
    "*",
    "/",
    "==",
    "!=",
    "<",
    "<=",
    "!",
    "&&",
    "||",
    "->",
    "./.",
    "/abs",
    "<nixpkgs>",
    "import",
    "builtins",
    "throw",
    "abort",
    "null",
    "true",
    "x: x",
    "{ a ? 1, ... }: a",
    "map",
    "builtins.genList",
    "builtins.foldl'",
    "builtins.toJSON",
    "builtins.fromJSON \"[1]\"",
    "builtins.match \"a*\"",
    "builtins.split",
    "builtins.tryEval",
    "builtins.deepSeq",
    "builtins.sort",
    "__curPos",
    "builtins.readDir ./.",
    "builtins.toString",
    "builtins.substring 0 1",
    "\n",
    " ",
];

/// A small deterministic generator (xorshift), so a failure can be replayed by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn corpus() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/eval-corpus");
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "nix") {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    out.push((p, text));
                }
            }
        }
    }
    out.sort();
    out
}

/// A char boundary at or before `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let a = boundary(&s, rng.below(s.len() + 1));
        let b = boundary(&s, a + rng.below(40));
        s = match rng.below(6) {
            0 => format!("{}{}", &s[..a], &s[b..]),
            1 => format!("{}{}{}", &s[..b], &s[a..b], &s[b..]),
            2 | 3 => format!("{}{}{}", &s[..a], TOKENS[rng.below(TOKENS.len())], &s[a..]),
            4 => {
                let c = boundary(other, rng.below(other.len() + 1));
                let d = boundary(other, c + rng.below(80));
                format!("{}{}{}", &s[..a], &other[c..d], &s[b..])
            }
            _ => {
                // Random tokens only.
                (0..1 + rng.below(12))
                    .map(|_| TOKENS[rng.below(TOKENS.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
    }
    s
}

fn run_one(path: &Path, text: &str, root: &Path) {
    let loader = DiskLoader;
    let options = Options {
        max_steps: 200_000,
        max_depth: 5_000,
        ..Options::default()
    };
    let mut ev = Evaluator::new(&loader, root, options);
    let _ = ev
        .eval_text(path, text)
        .and_then(|v| ev.auto_call(v))
        .and_then(|v| ev.print_strict(&v));
}

/// Fuzzes for `secs` seconds; returns the number of inputs tried.
fn fuzz_for(secs: u64, seed: u64) -> usize {
    let seeds = corpus();
    assert!(!seeds.is_empty());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/eval-corpus")
        .canonicalize()
        .unwrap();
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tried = 0;
    while Instant::now() < deadline {
        let (path, text) = &seeds[rng.below(seeds.len())];
        let (_, other) = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, text, other);
        if let Ok(path) = std::env::var("QG_EVAL_FUZZ_LAST") {
            // For long runs: the input being evaluated, to replay a crash or a hang.
            let _ = std::fs::write(path, &input);
        }
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| run_one(path, &input, &root));
        assert!(outcome.is_ok(), "the evaluator panicked on:\n{input}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the evaluator took {:?} on:\n{input}",
            started.elapsed()
        );
        tried += 1;
    }
    tried
}

#[test]
fn mutated_corpus_never_panics_or_hangs() {
    let secs = std::env::var("QG_EVAL_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed = std::env::var("QG_EVAL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let tried = qg_syntax::with_large_stack(move || fuzz_for(secs, seed));
    eprintln!("eval fuzz: {tried} inputs in {secs}s, no panic, no hang");
    assert!(tried > 0);
}
