//! Builtins that read files: `import`, `scopedImport`, `readFile`, `readDir`,
//! `pathExists`, `hashFile`, `findFile`. Only paths inside the evaluation root are read;
//! anything outside is unknown.

use std::path::Path;

use super::*;
use crate::error::other_error;

pub(super) const BUILTINS: &[Entry] = &[
    ("findFile", 2, find_file),
    ("hashFile", 2, hash_file),
    ("import", 1, import),
    ("pathExists", 1, path_exists),
    ("readDir", 1, read_dir),
    ("readFile", 1, read_file),
    ("scopedImport", 2, scoped_import),
];

fn outside(path: &str, shape: Shape) -> Value {
    Unknown::value(format!("{path} is outside the root"), shape)
}

/// An unknown string read from outside the root.
fn outside_string(path: &str) -> Value {
    let reason = format!("{path} is outside the root");
    Unknown::value(reason.as_str(), Shape::String(unknown_parts(&reason)))
}

fn import(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    ev.import(&path, span)
}

fn scoped_import(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let scope = expect_attrs(ev, &args[0])?;
    let path = expect_path(ev, &args[1])?;
    ev.scoped_import(&scope, &path, span)
}

fn read_bytes(ev: &mut Evaluator<'_>, path: &str) -> EvalResult<Vec<u8>> {
    ev.loader()
        .read_file(Path::new(path))
        .map_err(|e| other_error(format!("opening file '{path}': {}", io_message(&e))))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
        _ => e.to_string(),
    }
}

fn read_file(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    if !ev.inside_root(&path) {
        return Ok(outside_string(&path));
    }
    let bytes = read_bytes(ev, &path)?;
    Ok(str_value(super::strings::from_bytes(bytes)))
}

fn hash_file(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let algo = expect_string(ev, &args[0])?;
    let path = expect_path(ev, &args[1])?;
    if !ev.inside_root(&path) {
        return Ok(outside_string(&path));
    }
    let bytes = read_bytes(ev, &path)?;
    Ok(str_value(super::strings::hash_hex(&algo.text, &bytes)?))
}

fn path_exists(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    if !ev.inside_root(&path) {
        return Ok(outside(&path, Shape::Bool));
    }
    Ok(Value::Bool(ev.loader().kind(Path::new(&path)).is_some()))
}

fn read_dir(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    if !ev.inside_root(&path) {
        return Ok(outside(&path, Shape::Attrs));
    }
    let entries = ev
        .loader()
        .read_dir(Path::new(&path))
        .map_err(|e| other_error(format!("opening directory '{path}': {}", io_message(&e))))?;
    Ok(attrs_value(
        entries
            .iter()
            .map(|(name, kind)| (name.as_str(), str_value(kind.nix_name())))
            .collect(),
    ))
}

fn find_file(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let search_path = expect_list(ev, &args[0])?;
    let wanted = expect_string(ev, &args[1])?;
    let wanted: &str = &wanted.text;
    for entry in search_path.iter() {
        let entry = expect_attrs(ev, entry)?;
        let prefix = match entry.get("prefix") {
            Some(p) => expect_string(ev, &p.clone())?.text.to_string(),
            None => String::new(),
        };
        let suffix = if prefix.is_empty() {
            format!("/{wanted}")
        } else {
            if !wanted.starts_with(&prefix)
                || (wanted.len() > prefix.len() && wanted.as_bytes()[prefix.len()] != b'/')
            {
                continue;
            }
            if wanted.len() == prefix.len() {
                String::new()
            } else {
                format!("/{}", &wanted[prefix.len() + 1..])
            }
        };
        let Some(base) = entry.get("path").cloned() else {
            return Err(other_error("attribute 'path' missing"));
        };
        let base = coerce_string(ev, &base, false)?;
        let candidate = crate::path::canonicalize(&format!("{}{suffix}", base.text), "/");
        if !ev.inside_root(&candidate) {
            return Ok(outside(&candidate, Shape::Path));
        }
        if ev.loader().kind(Path::new(&candidate)).is_some() {
            return Ok(Value::Path(candidate.into()));
        }
    }
    Err(other_error(format!(
        "file '{wanted}' was not found in the Nix search path (add it using $NIX_PATH or -I)"
    )))
}
