//! `qg-check eval`: files or expressions evaluated as `nix-instantiate --eval` does, as
//! plain text: `--arg`/`--argstr` for the functions it auto-calls, `-A` selections, lazy,
//! `--strict` or `--json` printing.
//!
//! Files are read only below `root` (the flake root, else the git work tree, else the
//! folder); a file of a loaded flake comes from its database (editor overlays and cached
//! parses included). With `call_with_unknowns`, a function's required formals that no
//! argument names get unknowns (a NixOS module evaluates alone, `pkgs` prints as
//! `«unknown: pkgs»`) and the top-level value is always auto-called.

use std::path::{Path, PathBuf};

use qg_eval::{
    AutoCall, DiskLoader, EvalError, Evaluator, ImpureBuiltins, Options, SourceLoader, Value,
};

use crate::FlakeHost;

/// What to evaluate: a file, or an expression whose relative paths resolve from `base`.
#[derive(Debug, Clone)]
pub enum EvalInput {
    File(PathBuf),
    Expr { text: String, base: PathBuf },
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalOutput {
    /// Forced to weak head normal form; unevaluated parts print as `<CODE>`.
    Lazy,
    /// Forced deeply (`--strict`).
    Strict,
    /// JSON; `strict` forces deeply first (`--json --strict`).
    Json { strict: bool },
}

/// One `qg-check eval` run: its inputs, selections, arguments and output.
pub struct EvalRequest<'a> {
    pub root: &'a Path,
    pub flake: Option<&'a FlakeHost>,
    pub inputs: Vec<EvalInput>,
    /// `-A` paths; empty means the value itself.
    pub attrs: Vec<String>,
    pub args: AutoCall,
    pub output: EvalOutput,
    /// `builtins.warn` aborts (`--option abort-on-warn true`).
    pub abort_on_warn: bool,
}

/// Evaluates every input and prints each selection, one text per value, in order. `Err`
/// is Nix's rendering of the first error: message, location, trace, then a line
/// `qg-error-kind: <kind>`; the texts printed before it are returned with it. `trace`
/// receives what `builtins.trace` prints, as it is printed.
pub fn eval(
    request: &EvalRequest<'_>,
    trace: impl FnMut(&str) + 'static,
) -> Result<Vec<String>, (Vec<String>, String)> {
    let disk = DiskLoader;
    let loader: &dyn SourceLoader = match request.flake {
        Some(host) => host,
        None => &disk,
    };
    let options = Options {
        impure_builtins: ImpureBuiltins::Absent,
        abort_on_warn: request.abort_on_warn,
        ..Options::default()
    };
    let mut ev = Evaluator::new(loader, request.root, options);
    // The flake's locked inputs that are on disk may be read (at their store paths).
    for mount in request.flake.iter().flat_map(|host| &host.inputs().mounts) {
        ev.allow_reads_below(&mount.at);
    }
    ev.set_trace_sink(trace);
    let selections: Vec<&str> = if request.attrs.is_empty() {
        vec![""]
    } else {
        request.attrs.iter().map(String::as_str).collect()
    };
    let mut printed = Vec::new();
    for input in &request.inputs {
        let root = match input {
            EvalInput::File(path) => ev.eval_file(path),
            EvalInput::Expr { text, base } => ev.eval_text(&base.join("«string»"), text),
        };
        let root = root.map_err(|e| (printed.clone(), render_error(&ev, &e)))?;
        for path in &selections {
            match select_and_print(&mut ev, root.clone(), path, request) {
                Ok(text) => printed.push(text),
                Err(e) => return Err((printed, render_error(&ev, &e))),
            }
        }
    }
    Ok(printed)
}

/// One selection as `nix-instantiate` makes it: walk the path, auto-call the result when
/// arguments were given (always with unknowns), print.
fn select_and_print(
    ev: &mut Evaluator<'_>,
    root: Value,
    path: &str,
    request: &EvalRequest<'_>,
) -> Result<String, Box<EvalError>> {
    let value = ev.select_attr_path(root, path, &request.args)?;
    let value = if request.args.is_empty() && !request.args.with_unknowns {
        value
    } else {
        ev.auto_call_with(value, &request.args)?
    };
    match request.output {
        EvalOutput::Lazy => ev.print_lazy(&value),
        EvalOutput::Strict => ev.print_strict(&value),
        EvalOutput::Json { strict } => ev.print_json(&value, strict),
    }
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
