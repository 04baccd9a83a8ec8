//! `qg-check eval FILE [--attr a.b]`: prints a value like `nix-instantiate --eval --strict`.
//!
//! The evaluation root (the only place files are read from) is the nearest flake root
//! containing FILE, else the git work tree, else FILE's directory. A top-level function
//! with formals of which some have no default, or with `...` (a NixOS module), is called
//! with an unknown for each required argument, so `pkgs` prints as `«unknown: pkgs»`; the
//! value selected by `--attr` is called the same way.
//!
//! On an evaluation error, stderr gets Nix's message (`error: ...`), the location and the
//! trace, then a last line `qg-error-kind: <kind>` (the evaluator's error kinds),
//! and the exit status is 1.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use qg_ide::FlakeHost;

pub fn run(file: &Path, attr: Option<&str>) -> Result<ExitCode, String> {
    let abs = std::path::absolute(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let (root, host) = evaluation_root(&abs);
    let trace = |message: &str| {
        let _ = writeln!(std::io::stderr().lock(), "{message}");
    };
    match qg_ide::eval_file(&root, host.as_ref(), &abs, attr, trace) {
        Ok(text) => {
            // A closed pipe (`| head`) is not an error of the evaluation.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{text}").and_then(|()| out.flush());
            Ok(ExitCode::SUCCESS)
        }
        Err(rendered) => {
            let _ = write!(std::io::stderr().lock(), "{rendered}");
            Ok(ExitCode::from(1))
        }
    }
}

/// The flake root (with the flake loaded, so parses come from the database), the git work
/// tree, or the file's directory.
fn evaluation_root(file: &Path) -> (PathBuf, Option<FlakeHost>) {
    if let Some(root) = qg_ide::find_flake_root(file) {
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
