//! `qg-check eval`: `nix-instantiate --eval`'s interface (`-E`, `-A`, `--json`,
//! `--strict`, `--arg`, `--argstr`) over qg's evaluator; see `EVAL_AFTER_HELP` in
//! `args.rs` for what differs on purpose.
//!
//! The evaluation root (the only place files are read from) is the nearest flake root
//! containing the first file (or the current folder, for expressions), else its git work
//! tree, else its folder. Each value is printed on its own line. On an evaluation error,
//! stderr gets Nix's message (`error: ...`), the location and the trace, then a last line
//! `qg-error-kind: <kind>` (the evaluator's error kinds), and the exit status is 1.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use qg_ide::{AutoCall, EvalInput, EvalOutput, EvalRequest, FlakeHost};

use crate::args::EvalArgs;

pub fn run(args: &EvalArgs, input_args: &qg_ide::InputArgs) -> Result<ExitCode, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
    let inputs = inputs(args, &cwd)?;
    let anchor = match inputs.first() {
        Some(EvalInput::File(path)) => path.clone(),
        _ => cwd.join("«string»"),
    };
    let (root, flake) = evaluation_root(&anchor, input_args);
    let request = EvalRequest {
        root: &root,
        flake: flake.as_ref(),
        inputs,
        attrs: args.attrs.clone(),
        args: auto_call(args, &cwd),
        output: output(args),
        abort_on_warn: abort_on_warn(args),
    };
    let trace = |message: &str| {
        let _ = writeln!(std::io::stderr().lock(), "{}", for_stderr(message));
    };
    let (printed, error) = match qg_ide::eval(&request, trace) {
        Ok(printed) => (printed, None),
        Err((printed, rendered)) => (printed, Some(rendered)),
    };
    // A closed pipe (`| head`) is not an error of the evaluation.
    let mut out = std::io::stdout().lock();
    for text in printed {
        let _ = writeln!(out, "{text}");
    }
    let _ = out.flush();
    match error {
        None => Ok(ExitCode::SUCCESS),
        Some(rendered) => {
            let _ = write!(std::io::stderr().lock(), "{}", for_stderr(&rendered));
            Ok(ExitCode::from(1))
        }
    }
}

/// A message as Nix writes it to stderr: ANSI escape sequences (the colours nixpkgs' lib
/// puts in its messages) are removed unless stderr is a terminal.
fn for_stderr(message: &str) -> std::borrow::Cow<'_, str> {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() || !message.contains('\x1b') {
        return message.into();
    }
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        if chars.next_if_eq(&'[').is_some() {
            // Parameters and intermediates, then one final byte in @..~.
            for p in chars.by_ref() {
                if ('@'..='~').contains(&p) {
                    break;
                }
            }
        }
    }
    out.into()
}

/// Files (default `./default.nix`, relative to the current folder) or expressions.
fn inputs(args: &EvalArgs, cwd: &Path) -> Result<Vec<EvalInput>, String> {
    if args.expr {
        if args.inputs.is_empty() {
            return Err("--expr needs an expression".to_string());
        }
        return Ok(args
            .inputs
            .iter()
            .map(|text| EvalInput::Expr {
                text: text.clone(),
                base: cwd.to_path_buf(),
            })
            .collect());
    }
    let files = if args.inputs.is_empty() {
        vec!["default.nix".to_string()]
    } else {
        args.inputs.clone()
    };
    files
        .iter()
        .map(|f| {
            std::path::absolute(cwd.join(f))
                .map(EvalInput::File)
                .map_err(|e| format!("{f}: {e}"))
        })
        .collect()
}

/// `--arg` and `--argstr` pairs, in order (the last value of a name wins).
fn auto_call(args: &EvalArgs, cwd: &Path) -> AutoCall {
    let mut call = AutoCall::default();
    call.with_unknowns = args.call_with_unknowns;
    for pair in args.arg.chunks(2) {
        if let [name, expr] = pair {
            call.push_expr(name, expr, cwd.to_path_buf());
        }
    }
    for pair in args.argstr.chunks(2) {
        if let [name, value] = pair {
            call.push_string(name, value);
        }
    }
    call
}

/// `--option abort-on-warn true`, or `NIX_ABORT_ON_WARN` set to `1`/`true`/`yes` (as Nix).
fn abort_on_warn(args: &EvalArgs) -> bool {
    let yes = |v: &str| matches!(v, "1" | "true" | "yes");
    let option = args
        .option
        .chunks(2)
        .rfind(|pair| pair[0] == "abort-on-warn")
        .map(|pair| yes(pair.get(1).map_or("", String::as_str)));
    option.unwrap_or_else(|| std::env::var("NIX_ABORT_ON_WARN").is_ok_and(|v| yes(&v)))
}

fn output(args: &EvalArgs) -> EvalOutput {
    match (args.json, args.strict) {
        (true, strict) => EvalOutput::Json { strict },
        (false, true) => EvalOutput::Strict,
        (false, false) => EvalOutput::Lazy,
    }
}

/// The flake root (with the flake loaded, so parses come from the database), the git work
/// tree, or the folder of `anchor`.
fn evaluation_root(anchor: &Path, inputs: &qg_ide::InputArgs) -> (PathBuf, Option<FlakeHost>) {
    if let Some(root) = qg_ide::find_flake_root(anchor) {
        if let Ok(host) = FlakeHost::discover_with(&root, inputs) {
            return (root, Some(host));
        }
        return (root, None);
    }
    let dir = anchor.parent().unwrap_or(Path::new("/")).to_path_buf();
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
