//! Builtins that read files: `import`, `scopedImport`, `readFile`, `readDir`,
//! `pathExists`, `hashFile`, `findFile`, `readFileType`. Only paths inside the evaluation root are read;
//! anything outside is unknown.

use std::path::Path;

use super::*;
use crate::error::other_error;
use crate::FileKind;

pub(super) const BUILTINS: &[Entry] = &[
    ("findFile", 2, find_file),
    ("hashFile", 2, hash_file),
    ("import", 1, import),
    ("pathExists", 1, path_exists),
    ("readDir", 1, read_dir),
    ("readFile", 1, read_file),
    ("readFileType", 1, read_file_type),
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
        .map_err(|e| io_error("opening file", path, &e))
}

/// Current Nix's message for a missing file (`path '/p' does not exist`), else the OS's.
pub(crate) fn io_error(doing: &str, path: &str, e: &std::io::Error) -> Box<crate::EvalError> {
    match e.kind() {
        std::io::ErrorKind::NotFound => other_error(format!("path '{path}' does not exist")),
        _ => other_error(format!("{doing} '{path}': {e}")),
    }
}

/// `readFileType p`: what `p` itself is (a symlink is not followed): `"regular"`,
/// `"directory"`, `"symlink"` or `"unknown"`.
fn read_file_type(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    if !ev.inside_root(&path) {
        return Ok(outside_string(&path));
    }
    match ev.loader().kind(Path::new(&path)) {
        Some(kind) => Ok(str_value(kind.nix_name())),
        None => Err(other_error(format!("path '{path}' does not exist"))),
    }
}

fn read_file(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    if let Some(text) = ev.written_file(&path) {
        return Ok(str_value(&*text));
    }
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

/// `pathExists p`. Outside the root: in pure evaluation Nix answers `false` for a path it
/// may not read (anything but the store, whose inputs qg may not have), so does qg; else
/// unknown. A string ending in `/` or `/.` names a directory (Nix 2.18).
fn path_exists(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    let must_be_dir = match args[0].peek() {
        Some(Value::String(s)) => s.text.ends_with('/') || s.text.ends_with("/."),
        _ => false,
    };
    if !ev.inside_root(&path) {
        let in_store = path == "/nix/store" || path.starts_with("/nix/store/");
        if ev.options.impure_builtins == crate::ImpureBuiltins::Absent && !in_store {
            return Ok(Value::Bool(false));
        }
        return Ok(outside(&path, Shape::Bool));
    }
    Ok(Value::Bool(match ev.loader().kind(Path::new(&path)) {
        Some(FileKind::Directory) => true,
        Some(FileKind::Symlink { target }) if must_be_dir => {
            let target = crate::path::canonicalize(&target, &crate::path::dir_of(&path));
            ev.loader().kind(Path::new(&target)) == Some(FileKind::Directory)
        }
        Some(_) => !must_be_dir,
        None => false,
    }))
}

fn read_dir(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let path = expect_path(ev, &args[0])?;
    if !ev.inside_root(&path) {
        return Ok(outside(&path, Shape::Attrs));
    }
    let entries = ev
        .loader()
        .read_dir(Path::new(&path))
        .map_err(|e| io_error("opening directory", &path, &e))?;
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
