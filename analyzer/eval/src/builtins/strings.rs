//! Builtins on strings: lengths, substrings, replacement, hashing, contexts, conversions.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::*;
use crate::error::other_error;
use crate::{path, store};

pub(super) const BUILTINS: &[Entry] = &[
    ("addDrvOutputDependencies", 1, add_drv_output_dependencies),
    ("appendContext", 2, append_context),
    ("baseNameOf", 1, base_name_of),
    ("concatStringsSep", 2, concat_strings_sep),
    ("dirOf", 1, dir_of),
    ("getContext", 1, get_context),
    ("hasContext", 1, has_context),
    ("hashString", 2, hash_string),
    ("placeholder", 1, placeholder),
    ("replaceStrings", 3, replace_strings),
    ("stringLength", 1, string_length),
    ("substring", 3, substring),
    ("toPath", 1, to_path),
    ("toString", 1, to_string),
    (
        "unsafeDiscardOutputDependency",
        1,
        discard_output_dependency,
    ),
    ("unsafeDiscardStringContext", 1, discard_context),
];

/// Bytes back to a string; a cut through a multi-byte character becomes U+FFFD.
pub(crate) fn from_bytes(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn base_name_of(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = coerce_string(ev, &args[0], false)?;
    Ok(Value::String(NixString {
        text: path::base_name_of(&s.text).into(),
        context: s.context,
    }))
}

fn dir_of(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let v = ev.force(&args[0])?;
    if let Value::Path(p) = &v {
        return Ok(Value::Path(path::dir_of(p).into()));
    }
    let s = coerce_string(ev, &args[0], false)?;
    Ok(Value::String(NixString {
        text: path::dir_of(&s.text).into(),
        context: s.context,
    }))
}

fn concat_strings_sep(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let sep = expect_string(ev, &args[0])?;
    let list = expect_list(ev, &args[1])?;
    let mut pieces = Vec::with_capacity(list.len() * 2);
    for (i, item) in list.iter().enumerate() {
        if i > 0 {
            pieces.push(Value::String(sep.clone()));
        }
        let v = ev.force(item)?;
        pieces.push(ev.coerce_to_string(&v, true, false)?);
    }
    ev.join_strings(pieces)
}

/// `getContext s`: per store path, `path = true` (a source), `outputs` (outputs of a
/// derivation) and `allOutputs = true` (a derivation with its closure), from the
/// context's encoding (`/p`, `!out!/p.drv`, `=/p.drv`).
fn get_context(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    #[derive(Default)]
    struct Info {
        path: bool,
        all_outputs: bool,
        outputs: Vec<Rc<str>>,
    }
    let s = expect_string(ev, &args[0])?;
    let mut by_path: BTreeMap<Rc<str>, Info> = BTreeMap::new();
    for element in s.context.iter().flat_map(|c| c.iter()) {
        if let Some(path) = element.strip_prefix('=') {
            by_path.entry(path.into()).or_default().all_outputs = true;
        } else if let Some((output, path)) =
            element.strip_prefix('!').and_then(|r| r.split_once('!'))
        {
            let info = by_path.entry(path.into()).or_default();
            info.outputs.push(output.into());
        } else {
            by_path.entry(element.clone()).or_default().path = true;
        }
    }
    let entries = by_path
        .into_iter()
        .map(|(path, mut info)| {
            let mut fields = Vec::new();
            if info.all_outputs {
                fields.push(("allOutputs", Value::Bool(true)));
            }
            if !info.outputs.is_empty() {
                info.outputs.sort();
                info.outputs.dedup();
                fields.push((
                    "outputs",
                    list_value(info.outputs.into_iter().map(Value::string).collect()),
                ));
            }
            if info.path {
                fields.push(("path", Value::Bool(true)));
            }
            Attr {
                name: path,
                value: Thunk::value(attrs_value(fields)),
                key_span: None,
            }
        })
        .collect();
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
}

/// `unsafeDiscardOutputDependency s`: a derivation with its closure (`=p`) becomes the
/// `.drv` file alone.
fn discard_output_dependency(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let context: Option<Rc<[Rc<str>]>> = s.context.as_ref().map(|c| {
        let mut items: Vec<Rc<str>> = c
            .iter()
            .map(|e| match e.strip_prefix('=') {
                Some(path) => path.into(),
                None => e.clone(),
            })
            .collect();
        items.sort();
        items.dedup();
        items.into()
    });
    Ok(Value::String(NixString {
        text: s.text,
        context,
    }))
}

fn has_context(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    Ok(Value::Bool(s.context.is_some_and(|c| !c.is_empty())))
}

fn append_context(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    expect_attrs(ev, &args[1])?;
    Ok(Value::String(s))
}

fn discard_context(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(Value::string(expect_string(ev, &args[0])?.text))
}

/// Hex digest of `data` with one of Nix's hash algorithms.
pub(crate) use super::hashes::hash_hex;

fn hash_string(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let algo = expect_string(ev, &args[0])?;
    let s = expect_string(ev, &args[1])?;
    Ok(str_value(hash_hex(&algo.text, s.text.as_bytes())?))
}

fn placeholder(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let output = expect_string(ev, &args[0])?;
    let digest = Sha256::digest(format!("nix-output:{}", output.text).as_bytes());
    Ok(str_value(format!("/{}", store::base32(&digest))))
}

fn replace_strings(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let from_list = expect_list(ev, &args[0])?;
    let to_list = expect_list(ev, &args[1])?;
    let s = expect_string(ev, &args[2])?;
    if from_list.len() != to_list.len() {
        return Err(other_error(
            "'from' and 'to' arguments to 'replaceStrings' have different lengths",
        ));
    }
    let mut from = Vec::with_capacity(from_list.len());
    for f in from_list.iter() {
        from.push(expect_string(ev, f)?);
    }
    let mut to: Vec<Option<NixString>> = vec![None; to_list.len()];
    let bytes = s.text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut context = s.context.clone();
    let mut p = 0;
    while p <= bytes.len() {
        let found = from
            .iter()
            .position(|f| bytes[p..].starts_with(f.text.as_bytes()));
        match found {
            Some(i) => {
                if to[i].is_none() {
                    to[i] = Some(expect_string(ev, &to_list.0[i])?);
                }
                let replacement = to[i].as_ref().expect("just set");
                out.extend_from_slice(replacement.text.as_bytes());
                if out.len() > crate::ops::MAX_STRING {
                    return Err(crate::ops::string_too_long());
                }
                context = NixString::merge_context(&context, &replacement.context);
                if from[i].text.is_empty() {
                    if p < bytes.len() {
                        out.push(bytes[p]);
                    }
                    p += 1;
                } else {
                    p += from[i].text.len();
                }
            }
            None => {
                if p < bytes.len() {
                    out.push(bytes[p]);
                }
                p += 1;
            }
        }
    }
    ev.charge(out.len() as u64 / 16)?;
    Ok(Value::String(NixString {
        text: from_bytes(out).into(),
        context,
    }))
}

fn string_length(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = coerce_string(ev, &args[0], true)?;
    Ok(Value::Int(s.text.len() as i64))
}

fn substring(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let start = expect_int(ev, &args[0])?;
    let len = expect_int(ev, &args[1])?;
    let s = coerce_string(ev, &args[2], true)?;
    if start < 0 {
        return Err(other_error("negative start position in 'substring'"));
    }
    let bytes = s.text.as_bytes();
    let start = (start as usize).min(bytes.len());
    let end = if len < 0 {
        bytes.len()
    } else {
        start.saturating_add(len as usize).min(bytes.len())
    };
    Ok(Value::String(NixString {
        text: from_bytes(bytes[start..end].to_vec()).into(),
        context: s.context,
    }))
}

fn to_path(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let p = expect_path(ev, &args[0])?;
    Ok(str_value(p))
}

fn to_string(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let v = ev.force(&args[0])?;
    ev.coerce_to_string(&v, false, true)
}

/// `addDrvOutputDependencies s` (2.19): the inverse of `unsafeDiscardOutputDependency`:
/// the one `.drv` in the context comes to stand for the derivation and its closure.
fn add_drv_output_dependencies(
    ev: &mut Evaluator<'_>,
    args: &[Thunk],
    _: Span,
) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let elements: Vec<Rc<str>> = s.context.iter().flat_map(|c| c.iter()).cloned().collect();
    let [element] = elements.as_slice() else {
        return Err(other_error(format!(
            "context of string '{}' must have exactly one element, but has {}",
            s.text,
            elements.len()
        )));
    };
    let deep: Rc<str> = if element.starts_with('=') {
        element.clone()
    } else if let Some((output, _)) = element.strip_prefix('!').and_then(|r| r.split_once('!')) {
        return Err(other_error(format!(
            "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '{output}'"
        )));
    } else if element.ends_with(".drv") {
        format!("={element}").into()
    } else {
        return Err(other_error(format!("path '{element}' is not a derivation")));
    };
    Ok(Value::String(NixString {
        text: s.text,
        context: Some(vec![deep].into()),
    }))
}
