//! Impure and store builtins (`getFlake` among them: a flake's outputs are unknown). qg never fetches, builds or reads the environment: `getEnv`
//! answers as in pure evaluation (`""`), `toFile` computes its store path, the others give
//! unknowns of the shape the real builtin returns (a fetcher gives an unknown store path...).
//! A fetch with a hash is locked like a flake input: `fetchTarball { url; sha256; }`,
//! `fetchTree`/`fetchGit { narHash; }` give the store path the hash names, and when that
//! path is in the store the evaluation reads (the loader says), its files may be read
//! (`fetch.rs`). Derivations are in `derivation.rs`.

use super::*;

pub(super) const BUILTINS: &[Entry] = &[
    ("fetchGit", 1, fetch_tree),
    ("fetchMercurial", 1, fetcher),
    ("fetchTarball", 1, fetch_tarball),
    ("fetchTree", 1, fetch_tree),
    ("fetchurl", 1, fetch_path),
    ("filterSource", 2, store_path),
    ("getEnv", 1, get_env),
    ("getFlake", 1, fetcher),
    ("path", 1, store_path),
    ("storePath", 1, store_path),
    ("toFile", 2, to_file),
];

fn unknown_string(reason: &str) -> Value {
    Unknown::value(reason, Shape::String(unknown_parts(reason)))
}

fn fetch_path(_: &mut Evaluator<'_>, _: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(unknown_string("fetched source"))
}

fn store_path(_: &mut Evaluator<'_>, _: &[Thunk], _: Span) -> EvalResult<Value> {
    Ok(unknown_string("store path"))
}

/// `getEnv` as flakes are evaluated (pure mode): `""` for every name. An impure host sees
/// its environment, but nixpkgs treats `""` as "not set", so this is the answer its code
/// is written for (an unknown would make `NIXOS_EXTRA_MODULE_PATH`'s module list unknown).
fn get_env(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    expect_string(ev, &args[0])?;
    Ok(str_value(""))
}

/// `fetchTarball`: the store path of a pinned fetch (`sha256`) that is in the store, else
/// the loader's stand-in for its URL, else an unknown store path.
fn fetch_tarball(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    if let Some(pin) = super::fetch::pinned(ev, &args[0], "sha256")? {
        return Ok(super::fetch::locate(ev, &pin));
    }
    match super::fetch::unpinned_stand_in(ev, &args[0])? {
        Some(stand_in) => Ok(stand_in),
        None => fetch_path(ev, args, span),
    }
}

/// `fetchTree` and `fetchGit`: with a `narHash`, a set whose `outPath` is the store path
/// that hash names when it is in the store (its other metadata unknown); else as
/// [`fetcher`].
fn fetch_tree(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let Some(pin) = super::fetch::pinned(ev, &args[0], "narHash")? else {
        return fetcher(ev, args, span);
    };
    let out_path = super::fetch::locate(ev, &pin);
    let mut attrs = Attrs::from_unsorted(vec![
        Attr {
            name: "outPath".into(),
            value: Thunk::value(out_path),
            key_span: None,
        },
        Attr {
            name: "narHash".into(),
            value: Thunk::value(str_value(pin.sri())),
            key_span: None,
        },
    ]);
    attrs.open = Some("fetched source".into());
    Ok(Value::attrs(attrs))
}

/// A fetcher's result: a set with an unknown `outPath` and unknown metadata.
fn fetcher(_: &mut Evaluator<'_>, _: &[Thunk], _: Span) -> EvalResult<Value> {
    let mut attrs = Attrs::from_unsorted(vec![Attr {
        name: "outPath".into(),
        value: Thunk::value(unknown_string("fetched source")),
        key_span: None,
    }]);
    attrs.open = Some("fetched source".into());
    Ok(Value::attrs(attrs))
}

/// `toFile name text`: the store path Nix writes the text to (its references are the
/// string's context); later `import`s and `readFile`s of that path read the text.
fn to_file(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let name = expect_string(ev, &args[0])?;
    let contents = expect_string(ev, &args[1])?;
    let references: Vec<&str> = contents
        .context
        .iter()
        .flat_map(|c| c.iter())
        .map(|r| &**r)
        .collect();
    let path = crate::store::make_text_path(&name.text, contents.text.as_bytes(), &references);
    ev.write_file(&path, &contents.text);
    Ok(Value::String(NixString {
        text: path.as_str().into(),
        context: Some(vec![path.as_str().into()].into()),
    }))
}
