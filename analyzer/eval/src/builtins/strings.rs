//! Builtins on strings: lengths, substrings, replacement, hashing, contexts, conversions.

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
    ("unsafeDiscardOutputDependency", 1, identity_string),
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

fn get_context(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let entries = s
        .context
        .iter()
        .flat_map(|c| c.iter())
        .map(|p| Attr {
            name: p.clone(),
            value: Thunk::value(attrs_value(vec![("path", Value::Bool(true))])),
            key_span: None,
        })
        .collect();
    Ok(Value::attrs(Attrs::from_unsorted(entries)))
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

fn identity_string(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(Value::String(expect_string(ev, &args[0])?))
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

/// `addDrvOutputDependencies s` (2.19): qg's contexts do not tell a derivation's outputs
/// from the derivation itself, so the string comes back as is once its context is checked
/// to hold exactly one element, as Nix requires.
fn add_drv_output_dependencies(
    ev: &mut Evaluator<'_>,
    args: &[Thunk],
    _: Span,
) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    let count = s.context.as_ref().map_or(0, |c| c.len());
    if count != 1 {
        return Err(other_error(format!(
            "context of string '{}' must have exactly one element, but has {count}",
            s.text
        )));
    }
    Ok(Value::String(s))
}
