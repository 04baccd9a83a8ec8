//! Fetches pinned by a hash, read like locked flake inputs.
//!
//! A fetch that names the hash of what it fetches (`fetchTarball { url; sha256; }`, npins'
//! and niv's pins, `fetchTree`/`fetchGit { narHash; }`) is fixed-output: its store path
//! follows from the hash alone, as a lock's `narHash` gives an input's (the recursive
//! SHA-256 of the unpacked tree, name `source` unless `name` says otherwise). When that path
//! is in the store the evaluation reads (the loader's `kind` answers for it, under a chroot
//! store too), the fetch gives it and its files may be read; otherwise the result stays
//! unknown, since qg never downloads, unless the loader has a stand-in for what the URL
//! names (`fetched_stand_in`: qg's model of nixpkgs). A fetch without a hash is impure: it
//! is the stand-in or unknown.
//! Every pinned fetch is recorded ([`Fetched`]) so that the front ends can say which trees
//! were read and which were missing.

use std::path::Path;

use super::hashes::parse_hash;
use super::*;
use crate::store::{sha256_to_sri, source_store_path};

/// A fetch pinned by a SHA-256 hash of the tree it gives.
pub(crate) struct Pin {
    pub(crate) url: Option<String>,
    pub(crate) sha256: [u8; 32],
    pub(crate) name: String,
}

impl Pin {
    /// The hash as SRI (`sha256-<base64>`), as `narHash` attributes hold it.
    pub(crate) fn sri(&self) -> String {
        sha256_to_sri(&self.sha256)
    }
}

/// A pinned fetch of one evaluation: what it named, the store path its hash gives, and
/// whether that path was in the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fetched {
    pub url: Option<String>,
    pub store_path: String,
    pub present: bool,
}

/// The pin of a fetcher's argument: a set whose `hash_attr` is a SHA-256 in any form Nix
/// reads (SRI, base32, base16, with or without `sha256:`). `None` when the argument is a
/// plain URL, has no known hash, or names another algorithm: such a fetch is not locked.
pub(crate) fn pinned(
    ev: &mut Evaluator<'_>,
    arg: &Thunk,
    hash_attr: &str,
) -> EvalResult<Option<Pin>> {
    let Value::Attrs(spec) = ev.force(arg)? else {
        return Ok(None);
    };
    let Some(hash) = known_string(ev, &spec, hash_attr)? else {
        return Ok(None);
    };
    let Ok((algo, bytes)) = parse_hash(&hash, Some("sha256")) else {
        return Ok(None);
    };
    let Ok(sha256) = <[u8; 32]>::try_from(bytes.as_slice()) else {
        return Ok(None);
    };
    if algo != "sha256" {
        return Ok(None);
    }
    let name = known_string(ev, &spec, "name")?.unwrap_or_else(|| "source".into());
    let url = known_string(ev, &spec, "url")?;
    Ok(Some(Pin { url, sha256, name }))
}

/// A set's attribute when it is a known string (a context is dropped, as fetchers do).
fn known_string(ev: &mut Evaluator<'_>, spec: &Attrs, name: &str) -> EvalResult<Option<String>> {
    let Some(a) = spec.get(name) else {
        return Ok(None);
    };
    Ok(match ev.force(&a.clone())? {
        Value::String(s) => Some(s.text.to_string()),
        _ => None,
    })
}

/// The value of a pinned fetch: its store path (with itself as context) when the store
/// has it, reads below it allowed; otherwise the loader's stand-in for its URL (qg's model
/// of nixpkgs), else an unknown store path saying what is missing.
pub(crate) fn locate(ev: &mut Evaluator<'_>, pin: &Pin) -> Value {
    let store_path = source_store_path(&pin.sha256, &pin.name);
    let present = ev.loader().kind(Path::new(&store_path)).is_some();
    ev.record_fetch(Fetched {
        url: pin.url.clone(),
        store_path: store_path.clone(),
        present,
    });
    if !present {
        if let Some(stand_in) = pin
            .url
            .as_deref()
            .and_then(|u| ev.loader().fetched_stand_in(u))
        {
            return str_value(stand_in);
        }
        let what = pin.url.as_deref().unwrap_or("a pinned source");
        let reason = format!("fetched source {what}, not in the store ({store_path})");
        return Unknown::value(reason.as_str(), Shape::String(unknown_parts(&reason)));
    }
    ev.allow_reads_below(&store_path);
    Value::String(NixString {
        text: store_path.as_str().into(),
        context: Some(vec![store_path.as_str().into()].into()),
    })
}

/// An unpinned `fetchTarball` (a URL, or a set without `sha256`): the loader's stand-in
/// for its URL, if any.
pub(crate) fn unpinned_stand_in(ev: &mut Evaluator<'_>, arg: &Thunk) -> EvalResult<Option<Value>> {
    let url = match ev.force(arg)? {
        Value::String(s) => Some(s.text.to_string()),
        Value::Attrs(spec) => known_string(ev, &spec, "url")?,
        _ => None,
    };
    Ok(url
        .and_then(|u| ev.loader().fetched_stand_in(&u))
        .map(str_value))
}
