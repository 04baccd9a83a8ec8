//! Parse differential: for every Nix file of the repository's fleets, fixtures and
//! evaluator corpus, and for mutations of them (a character cut out, a `;` dropped, a
//! formal named twice...), qg's parser accepts the text exactly when
//! `nix-instantiate --parse` (the real Nix, Debian's 2.8) does.
//!
//! Deliberate differences, where current Nix and 2.8 differ (qg follows current Nix):
//! - the pipe operators `|>` and `<|` (Nix 2.24, experimental feature `pipe-operators`: a
//!   flake that uses them has it on) parse; 2.8 rejects them.
//!
//! Known limitation (not deliberate; counted apart): rnix lexes `...` before a path, so
//! a path literal that starts with three or more dots (`.../x`, which Nix reads as a
//! relative path) is a syntax error for qg.
//!
//! Without `nix-instantiate` on PATH the test fails (CI installs Debian's `nix-bin`)
//! unless `QG_SKIP_NIX_ORACLE=1`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

fn nix_available() -> bool {
    Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
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

/// What the real Nix says of `text`: parsed, a syntax error, or a bind-time error
/// (`undefined variable`, `already defined`), which Nix's parser also reports but qg
/// leaves to its lints (QG002, QG004). The text is written to a scratch file so relative
/// paths in it mean the same for both parsers.
#[derive(PartialEq, Eq, Clone, Copy)]
enum NixVerdict {
    Parsed,
    SyntaxError,
    BindError,
}

fn nix_parse(scratch: &Path, text: &str) -> NixVerdict {
    std::fs::write(scratch, text).expect("scratch file");
    let out = Command::new("nix-instantiate")
        .arg("--parse")
        .arg(scratch)
        .output()
        .expect("nix-instantiate runs");
    if out.status.success() {
        return NixVerdict::Parsed;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("undefined variable") || stderr.contains("already defined") {
        NixVerdict::BindError
    } else {
        NixVerdict::SyntaxError
    }
}

fn qg_parses(text: &str) -> bool {
    qg_syntax::parse_text(text).errors.is_empty()
}

/// Whether a text differs from 2.8 on purpose (see the header).
fn deliberate(text: &str) -> bool {
    text.contains("|>") || text.contains("<|")
}

/// A path literal starting with three or more dots (see the header).
fn known_limitation(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(4).enumerate().any(|(i, w)| {
        w[..3] == *b"..." && (w[3] == b'/' || w[3] == b'.') && (i == 0 || bytes[i - 1] != b'.')
    })
}

/// A few deterministic mutations of a valid text: cut characters out, drop a `;`, name a
/// formal twice, end lines with CR LF or a lone CR.
fn mutations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    for part in [3, 2] {
        let at = boundaries[boundaries.len() / part];
        if let Some(&next) = boundaries.iter().find(|&&b| b > at) {
            let mut cut = text.to_string();
            cut.replace_range(at..next, "");
            out.push(cut);
        }
    }
    if let Some(at) = text.rfind(';') {
        let mut dropped = text.to_string();
        dropped.replace_range(at..at + 1, "");
        out.push(dropped);
    }
    if let Some(at) = text.find("{ ") {
        let rest = &text[at + 2..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && rest[name.len()..].starts_with(", ") {
            let mut twice = text.to_string();
            twice.insert_str(at + 2, &format!("{name}, "));
            out.push(twice);
        }
    }
    out.push(text.replace('\n', "\r\n"));
    out.push(text.replace('\n', "\r"));
    out
}

#[test]
fn qg_parses_what_nix_parses() {
    if !nix_available() {
        if std::env::var("QG_SKIP_NIX_ORACLE").as_deref() == Ok("1") {
            eprintln!("nix-instantiate not found; skipped (QG_SKIP_NIX_ORACLE=1)");
            return;
        }
        panic!("nix-instantiate is not on PATH: the parse differential needs the real Nix");
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["examples", "tests/fixtures", "tests/eval-corpus"] {
        nix_files(&repo.join(dir), &mut files);
    }
    assert!(files.len() > 300, "only {} files", files.len());
    let scratch_dir = std::env::temp_dir().join(format!("qg-parse-diff-{}", std::process::id()));
    std::fs::create_dir_all(&scratch_dir).unwrap();
    // Every text to compare: each file, and mutations of every third file (Nix takes a
    // process per text; this keeps the test near a minute).
    let mut texts: Vec<(String, usize, String)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let name = file
            .strip_prefix(&repo)
            .unwrap_or(file)
            .display()
            .to_string();
        let mut variants = vec![text.clone()];
        if i % 3 == 0 {
            variants.extend(mutations(&text));
        }
        for (n, t) in variants.into_iter().enumerate() {
            texts.push((name.clone(), n, t));
        }
    }
    let skipped = texts.iter().filter(|(_, _, t)| deliberate(t)).count();
    texts.retain(|(_, _, t)| !deliberate(t));
    let known = texts.iter().filter(|(_, _, t)| known_limitation(t)).count();
    texts.retain(|(_, _, t)| !known_limitation(t));
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..2 {
            let scratch = scratch_dir.join(format!("case-{worker}.nix"));
            let (texts, next, results) = (&texts, &next, &results);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some((name, n, text)) = texts.get(i) else {
                    break;
                };
                let nix = nix_parse(&scratch, text);
                let qg = qg_parses(text);
                results.lock().unwrap().push((name.clone(), *n, nix, qg));
            });
        }
    });
    let results = results.into_inner().unwrap();
    let cases = results.len();
    let syntax_errors = results
        .iter()
        .filter(|r| r.2 == NixVerdict::SyntaxError)
        .count();
    let bind_errors = results
        .iter()
        .filter(|r| r.2 == NixVerdict::BindError)
        .count();
    let mut differences: Vec<String> = results
        .iter()
        // Nix 2.8 stops at the first bind-time error, which may come before a syntax
        // error further on (a dropped `;` after a duplicate attribute): a text Nix
        // rejects that way and qg's parser rejects is not a difference.
        .filter(|(_, _, nix, qg)| (*nix == NixVerdict::SyntaxError) == *qg)
        .filter(|(_, _, nix, qg)| *nix != NixVerdict::BindError || *qg)
        .map(|(name, n, nix, qg)| {
            format!(
                "{name} (mutation {n}): Nix: {}, qg parses: {qg}",
                if *nix == NixVerdict::SyntaxError {
                    "syntax error"
                } else {
                    "parses"
                }
            )
        })
        .collect();
    differences.sort();
    let _ = std::fs::remove_dir_all(&scratch_dir);
    println!(
        "parse differential: {cases} texts ({} files and mutations), Nix: {syntax_errors} syntax \
         errors, {bind_errors} bind-time errors (qg's lints, not its parser); {} differences; \
         {skipped} deliberate (pipe operators), {known} known limitation (`.../x` paths)",
        files.len(),
        differences.len()
    );
    assert!(
        differences.is_empty(),
        "{} texts parse differently:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
