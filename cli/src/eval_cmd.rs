//! `qg-check eval FILE [--attr a.b]`: prints a value like `nix-instantiate --eval --strict`.
//!
//! The evaluation root (the only place files are read from) is the nearest flake root
//! containing FILE, else the git work tree, else FILE's directory. A top-level function
//! with formals of which some have no default, or with `...` (a NixOS module), is called
//! with an unknown for each required argument, so `pkgs` prints as `«unknown: pkgs»`; the
//! value selected by `--attr` is called the same way.
//!
//! On an evaluation error, stderr gets Nix's message (`error: ...`), the location and the
//! trace, then a last line `qg-error-kind: <kind>` (kinds of `qg_eval::ErrorKind`),
//! and the exit status is 1.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use qg_eval::{DiskLoader, EvalError, Evaluator, Options, SourceLoader, Value};
use qg_ide::FlakeHost;

pub fn run(file: &Path, attr: Option<&str>) -> Result<ExitCode, String> {
    let abs = std::path::absolute(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let (root, host) = evaluation_root(&abs);
    let disk = DiskLoader;
    let loader: &dyn SourceLoader = match &host {
        Some(host) => host,
        None => &disk,
    };
    let mut ev = Evaluator::new(loader, &root, Options::default());
    ev.set_trace_sink(|message| {
        let _ = writeln!(std::io::stderr().lock(), "{message}");
    });
    let result = ev
        .eval_file(&abs)
        .and_then(|v| ev.auto_call(v))
        .and_then(|v| select(&mut ev, v, attr))
        .and_then(|v| ev.auto_call(v))
        .and_then(|v| ev.print_strict(&v));
    match result {
        Ok(text) => {
            // A closed pipe (`| head`) is not an error of the evaluation.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{text}").and_then(|()| out.flush());
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            let _ = write!(std::io::stderr().lock(), "{}", render_error(&ev, &err));
            Ok(ExitCode::from(1))
        }
    }
}

/// The flake root (with the flake loaded, so parses come from the database), the git work
/// tree, or the file's directory.
fn evaluation_root(file: &Path) -> (PathBuf, Option<FlakeHost>) {
    if let Some(root) = qg_syntax::find_flake_root(file) {
        if let Ok(host) = FlakeHost::discover(&root) {
            return (root, Some(host));
        }
        return (root, None);
    }
    let dir = file.parent().unwrap_or(Path::new("/")).to_path_buf();
    let git = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    (git.unwrap_or(dir), None)
}

/// `--attr a.b.0`: attribute names, or list indices for lists.
fn select(
    ev: &mut Evaluator<'_>,
    mut value: Value,
    attr: Option<&str>,
) -> Result<Value, Box<EvalError>> {
    let Some(path) = attr.filter(|a| !a.is_empty()) else {
        return Ok(value);
    };
    for name in path.split('.') {
        value = ev.auto_call(value)?;
        value = match (&value, name.parse::<usize>()) {
            (Value::List(list), Ok(i)) => match list.get(i) {
                Some(t) => ev.force(&t.clone())?,
                None => {
                    return Err(EvalError::new(
                        qg_eval::ErrorKind::Index,
                        format!("list index {i} is out of bounds"),
                    ))
                }
            },
            _ => ev.select(&value, &[name])?,
        };
    }
    Ok(value)
}

fn render_error(ev: &Evaluator<'_>, err: &EvalError) -> String {
    let mut out = format!("error: {}\n", err.message);
    if let Some(span) = err.span {
        out.push_str(&format!("\n       at {}:\n", ev.describe_span(span)));
    }
    for (span, what) in &err.trace {
        out.push_str(&format!("       … {what} at {}\n", ev.describe_span(*span)));
    }
    if err.involves_unknown {
        out.push_str("       (an unknown value took part in this error)\n");
    }
    out.push_str(&format!("qg-error-kind: {}\n", err.kind.as_str()));
    out
}
