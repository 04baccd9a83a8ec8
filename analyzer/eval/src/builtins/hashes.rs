//! Hashes: `hashString`'s algorithms, and `convertHash` (Nix 2.19), which re-encodes a hash
//! between base16, Nix's base32 ("nix32"), base64 and SRI, as Nix parses and prints them.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::*;
use crate::error::other_error;
use crate::store;

pub(super) const BUILTINS: &[Entry] = &[("convertHash", 1, convert_hash)];

/// The algorithms of current Nix without experimental features, with their sizes in bytes.
const ALGORITHMS: &[(&str, usize)] = &[("md5", 16), ("sha1", 20), ("sha256", 32), ("sha512", 64)];

fn unknown_algorithm(name: &str) -> Box<crate::EvalError> {
    other_error(format!(
        "unknown hash algorithm '{name}', expect 'md5', 'sha1', 'sha256', or 'sha512'"
    ))
}

fn algorithm_size(name: &str) -> EvalResult<usize> {
    ALGORITHMS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, size)| *size)
        .ok_or_else(|| unknown_algorithm(name))
}

/// The digest of `data` under `algo`, in lowercase hex.
pub(crate) fn hash_hex(algo: &str, data: &[u8]) -> EvalResult<String> {
    Ok(match algo {
        "md5" => store::hex(&Md5::digest(data)),
        "sha1" => store::hex(&Sha1::digest(data)),
        "sha256" => store::hex(&Sha256::digest(data)),
        "sha512" => store::hex(&Sha512::digest(data)),
        other => return Err(unknown_algorithm(other)),
    })
}

/// `convertHash { hash; hashAlgo ? ; toHashFormat; }`.
fn convert_hash(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let arg = expect_attrs(ev, &args[0])?;
    let field = |name: &str| arg.get(name).cloned();
    let hash = field("hash").ok_or_else(|| other_error("attribute 'hash' missing"))?;
    let hash = expect_string(ev, &hash)?.text.to_string();
    let algo = match field("hashAlgo") {
        Some(t) => Some(expect_string(ev, &t)?.text.to_string()),
        None => None,
    };
    let format =
        field("toHashFormat").ok_or_else(|| other_error("attribute 'toHashFormat' missing"))?;
    let format = expect_string(ev, &format)?.text.to_string();
    let (algo, bytes) = parse_hash(&hash, algo.as_deref())?;
    let text = match format.as_str() {
        "base16" => store::hex(&bytes),
        "nix32" => store::base32(&bytes),
        "base32" => {
            ev.emit_trace("warning: \"base32\" is a deprecated alias for hash format \"nix32\".");
            store::base32(&bytes)
        }
        "base64" => BASE64.encode(&bytes),
        "sri" => format!("{algo}-{}", BASE64.encode(&bytes)),
        other => {
            return Err(other_error(format!(
                "unknown hash format '{other}', expect 'base16', 'base32', 'base64', or 'sri'"
            )))
        }
    };
    Ok(str_value(text))
}

/// A hash as Nix reads one: `algo:body`, SRI `algo-base64`, or a bare body with the
/// algorithm from context; the body's encoding follows from its length.
pub(crate) fn parse_hash(text: &str, context: Option<&str>) -> EvalResult<(String, Vec<u8>)> {
    let (prefix, body, sri) = if let Some((a, rest)) = text.split_once(':') {
        (Some(a), rest, false)
    } else if let Some((a, rest)) = text.split_once('-') {
        (Some(a), rest, true)
    } else {
        (None, text, false)
    };
    let algo = match (prefix, context) {
        (Some(p), Some(c)) if p != c => {
            return Err(other_error(format!("hash '{text}' should have type '{c}'")))
        }
        (Some(p), _) => p,
        (None, Some(c)) => c,
        (None, None) => {
            return Err(other_error(format!(
            "hash '{text}' does not include a type, nor is the type otherwise known from context"
        )))
        }
    };
    let size = algorithm_size(algo)?;
    let wrong_length = || {
        other_error(format!(
            "hash '{text}' has wrong length for hash algorithm '{algo}'"
        ))
    };
    let invalid = || other_error(format!("invalid hash '{text}'"));
    let bytes = if sri {
        let bytes = BASE64.decode(body).map_err(|_| invalid())?;
        if bytes.len() != size {
            return Err(wrong_length());
        }
        bytes
    } else if body.len() == size * 2 {
        decode_hex(body).ok_or_else(invalid)?
    } else if body.len() == (size * 8 - 1) / 5 + 1 {
        decode_nix32(body, size).ok_or_else(invalid)?
    } else if body.len() == (4 * size / 3 + 3) & !3 {
        let bytes = BASE64.decode(body).map_err(|_| invalid())?;
        if bytes.len() != size {
            return Err(wrong_length());
        }
        bytes
    } else {
        return Err(wrong_length());
    };
    Ok((algo.to_string(), bytes))
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Nix's base32, read back: the last character holds the lowest five bits.
fn decode_nix32(text: &str, size: usize) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; size];
    for (n, c) in text.bytes().rev().enumerate() {
        let digit = store::BASE32_CHARS.iter().position(|&x| x == c)? as u16;
        let (i, j) = (n * 5 / 8, n * 5 % 8);
        bytes[i] |= (digit << j) as u8;
        let carry = digit >> (8 - j);
        if i + 1 < size {
            bytes[i + 1] |= carry as u8;
        } else if carry != 0 {
            return None;
        }
    }
    Some(bytes)
}
