//! `qg-check eval`: a file evaluated like `nix-instantiate --eval --strict`, as plain text.
//!
//! A top-level function with formals of which some have no default, or with `...` (a NixOS
//! module), is called with an unknown for each required argument, so `pkgs` prints as
//! `«unknown: pkgs»`; the value selected by `attr` is called the same way. Files are read
//! only below `root`; a file of a loaded flake comes from its database (editor overlays
//! and cached parses included).

use std::path::Path;

use qg_eval::{DiskLoader, ErrorKind, EvalError, Evaluator, Options, SourceLoader, Value};

use crate::FlakeHost;

/// Evaluates `file` (absolute) below `root` and prints the value selected by `attr`
/// (`a.b.0`: attribute names, or list indices for lists). `Err` is Nix's rendering of the
/// error: message, location, trace, then a line `qg-error-kind: <kind>`. `trace` receives
/// what `builtins.trace` prints, as it is printed.
pub fn eval_file(
    root: &Path,
    flake: Option<&FlakeHost>,
    file: &Path,
    attr: Option<&str>,
    trace: impl FnMut(&str) + 'static,
) -> Result<String, String> {
    let disk = DiskLoader;
    let loader: &dyn SourceLoader = match flake {
        Some(host) => host,
        None => &disk,
    };
    let mut ev = Evaluator::new(loader, root, Options::default());
    ev.set_trace_sink(trace);
    let result = ev
        .eval_file(file)
        .and_then(|v| ev.auto_call(v))
        .and_then(|v| select(&mut ev, v, attr))
        .and_then(|v| ev.auto_call(v))
        .and_then(|v| ev.print_strict(&v));
    result.map_err(|err| render_error(&ev, &err))
}

/// `attr` (`a.b.0`) selected from `value`, calling functions on the way.
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
                        ErrorKind::Index,
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
