//! `parseFlakeRef` and `flakeRefToString` (Nix 2.18, experimental feature `flakes`, which a
//! flake's evaluation has on): flake references between their URL form
//! (`github:NixOS/nixpkgs/23.05?dir=lib`) and their attribute form (`{ dir = "lib"; owner =
//! "NixOS"; ref = "23.05"; repo = "nixpkgs"; type = "github"; }`).
//!
//! Pure string code, written after current Nix's `libflake/flakeref.cc`, `libfetchers` (the
//! input schemes `file`, `git`, `github`, `gitlab`, `hg`, `indirect`, `path`, `sourcehut`,
//! `tarball`) and `libutil/url.cc`, with their messages. What needs a file system (a
//! relative path, searching up for `flake.nix`) never arises: the builtins give no base
//! folder, so a path must be absolute.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::*;
use crate::error::other_error;

pub(super) const BUILTINS: &[Entry] = &[
    ("parseFlakeRef", 1, parse_flake_ref),
    ("flakeRefToString", 1, flake_ref_to_string),
];

/// One attribute of an input: what `fetchers::Attr` holds.
#[derive(Debug, Clone, PartialEq)]
enum Field {
    Str(String),
    Int(u64),
    Bool(bool),
}

type InputAttrs = BTreeMap<String, Field>;

/// Nix's `BadURL` (which the parser catches to try the next form) or any other error.
#[derive(Debug)]
enum Fail {
    BadUrl(String),
    Other(String),
}

type Res<T> = Result<T, Fail>;

fn bad_url(message: String) -> Fail {
    Fail::BadUrl(message)
}

fn other(message: String) -> Fail {
    Fail::Other(message)
}

impl Fail {
    fn message(self) -> String {
        match self {
            Fail::BadUrl(m) | Fail::Other(m) => m,
        }
    }
}

// ---- the builtins -----------------------------------------------------------------------

fn parse_flake_ref(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let s = expect_string(ev, &args[0])?;
    if let Some(first) = s.context.as_ref().and_then(|c| c.first()) {
        return Err(other_error(format!(
            "the string '{}' is not allowed to refer to a store path (such as '{first}')",
            s.text
        )));
    }
    let attrs = parse(&s.text).map_err(|f| other_error(f.message()))?;
    Ok(attrs_value(
        attrs
            .iter()
            .map(|(name, v)| {
                let v = match v {
                    Field::Str(s) => str_value(s.as_str()),
                    Field::Int(n) => Value::Int(*n as i64),
                    Field::Bool(b) => Value::Bool(*b),
                };
                (name.as_str(), v)
            })
            .collect(),
    ))
}

fn flake_ref_to_string(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let set = expect_attrs(ev, &args[0])?;
    if let Some(reason) = &set.open {
        return Ok(Unknown::value(
            reason.clone(),
            Shape::String(unknown_parts(reason)),
        ));
    }
    let mut attrs = InputAttrs::new();
    for a in set.iter() {
        let v = ev.force(&a.value)?;
        let attr = match &v {
            Value::Int(n) if *n < 0 => {
                return Err(other_error(format!(
                    "negative value given for flake ref attr {}: {n}",
                    a.name
                )))
            }
            Value::Int(n) => Field::Int(*n as u64),
            Value::Bool(b) => Field::Bool(*b),
            Value::String(s) => Field::Str(s.text.to_string()),
            Value::Unknown(u) => return Err(crate::eval::unknown_operand(u)),
            other => {
                return Err(other_error(format!(
                    "flake reference attribute sets may only contain integers, Booleans, and strings, but attribute '{}' is {}",
                    a.name,
                    other.show_type()
                )))
            }
        };
        attrs.insert(a.name.to_string(), attr);
    }
    let text = to_string(attrs).map_err(|f| other_error(f.message()))?;
    Ok(str_value(text))
}

// ---- flake references ---------------------------------------------------------------------

/// `parseFlakeRef`: the attributes of the input, with `dir` when there is one.
fn parse(url: &str) -> Res<InputAttrs> {
    let (mut attrs, dir, fragment) = parse_with_fragment(url)?;
    if !fragment.is_empty() {
        return Err(other(format!(
            "unexpected fragment '{fragment}' in flake reference '{url}'"
        )));
    }
    if !dir.is_empty() {
        attrs.insert("dir".into(), Field::Str(dir));
    }
    Ok(attrs)
}

/// `FlakeRef::fromAttrs(attrs).to_string()`.
fn to_string(mut attrs: InputAttrs) -> Res<String> {
    let dir = str_attr(&attrs, "dir")?.unwrap_or_default();
    attrs.remove("dir");
    let input = input_from_attrs(attrs)?;
    let mut url = to_url(&input)?;
    if !dir.is_empty() {
        url.query.entry("dir".into()).or_insert(dir);
    }
    Ok(url.to_string())
}

/// The three forms Nix tries in turn: a flake id (`nixpkgs/branch`), a URL, a path.
fn parse_with_fragment(url: &str) -> Res<(InputAttrs, String, String)> {
    if let Some(found) = parse_flake_id(url) {
        return found;
    }
    match parse_url(url, true).and_then(from_parsed_url) {
        Ok(found) => return Ok(found),
        Err(Fail::BadUrl(_)) => {}
        Err(e) => return Err(e),
    }
    parse_path(url)
}

/// `nixpkgs`, `nixpkgs/branch`, `nixpkgs/branch/<rev>`, each maybe with `#fragment`.
fn parse_flake_id(url: &str) -> Option<Res<(InputAttrs, String, String)>> {
    let (main, fragment) = match url.split_once('#') {
        Some((m, f)) => (m, Some(f)),
        None => (url, None),
    };
    let (id, rest) = match main.split_once('/') {
        Some((id, rest)) => (id, Some(rest)),
        None => (main, None),
    };
    if !is_flake_id(id) {
        return None;
    }
    if let Some(rest) = rest {
        let mut bytes = rest.bytes();
        let first_ok = bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'@');
        if !first_ok || !bytes.all(|b| b.is_ascii_alphanumeric() || b"_./@+-".contains(&b)) {
            return None;
        }
    }
    if let Some(f) = fragment {
        if !is_fragment(f) {
            return None;
        }
    }
    let parsed = ParsedUrl::new("flake", main.split('/').map(str::to_string).collect());
    Some((|| {
        let input = input_from_url(&parsed)?;
        let fragment = percent_decode(fragment.unwrap_or(""))?;
        Ok((input, String::new(), fragment))
    })())
}

fn is_flake_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Nix's `fragmentRegex`: pchars, `/`, `?`, space, `"` and `^`.
fn is_fragment(s: &str) -> bool {
    uri_part_ok(s, b"/? \"^")
}

/// An absolute path, as `/foo/bar?rev=...#fragment`.
fn parse_path(url: &str) -> Res<(InputAttrs, String, String)> {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    if fragment.is_some_and(|f| f.contains(['\n', '\r'])) {
        return Err(other(format!("invalid flakeref '{url}'")));
    }
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, q),
        None => (rest, ""),
    };
    let query = decode_query(query, true)?;
    let fragment = percent_decode(fragment.unwrap_or(""))?;
    if !path.starts_with('/') {
        return Err(bad_url(format!(
            "flake reference '{url}' is not an absolute path"
        )));
    }
    from_parsed_url(ParsedUrl {
        scheme: "path".into(),
        authority: Some(Authority::default()),
        path: path_to_url_path(path),
        query,
        fragment,
    })
}

/// The `dir` query parameter goes to the flake reference, the fragment to the caller.
fn from_parsed_url(mut url: ParsedUrl) -> Res<(InputAttrs, String, String)> {
    let dir = url.query.remove("dir").unwrap_or_default();
    let fragment = std::mem::take(&mut url.fragment);
    Ok((input_from_url(&url)?, dir, fragment))
}

// ---- input schemes ------------------------------------------------------------------------

/// The schemes in Nix's order (its registry is sorted by name).
const SCHEMES: &[&str] = &[
    "file",
    "git",
    "github",
    "gitlab",
    "hg",
    "indirect",
    "path",
    "sourcehut",
    "tarball",
];

/// `Input::fromURL(url, requireTree = true)`.
fn input_from_url(url: &ParsedUrl) -> Res<InputAttrs> {
    for scheme in SCHEMES {
        let found = match *scheme {
            "github" | "gitlab" | "sourcehut" => git_archive_from_url(scheme, url)?,
            "git" => git_from_url(url)?,
            "hg" => hg_from_url(url)?,
            "indirect" => indirect_from_url(url)?,
            "path" => path_from_url(url)?,
            "file" | "tarball" => curl_from_url(scheme, url)?,
            _ => None,
        };
        if let Some(attrs) = found {
            fixup(&attrs)?;
            return Ok(attrs);
        }
    }
    let (application, transport) = split_scheme(&url.scheme);
    if application == Some("file") && transport == "git" {
        return Err(other(format!(
            "input '{url}' is unsupported; did you mean 'git+file' instead of 'file+git'?"
        )));
    }
    Err(other(format!("input '{url}' is unsupported")))
}

/// A parsed input: its scheme (`None`: an unknown type, which cannot be shown) and attributes.
struct Input {
    scheme: Option<&'static str>,
    attrs: InputAttrs,
}

/// `Input::fromAttrs`.
fn input_from_attrs(attrs: InputAttrs) -> Res<Input> {
    let Some(kind) = str_attr(&attrs, "type")? else {
        return Err(other(
            "'type' attribute to specify input scheme is required but not provided".into(),
        ));
    };
    let Some(scheme) = SCHEMES.iter().find(|s| **s == kind).copied() else {
        fixup(&attrs)?;
        return Ok(Input {
            scheme: None,
            attrs,
        });
    };
    let allowed = allowed_attrs(scheme);
    for name in attrs.keys() {
        if name != "type" && name != "__final" && !allowed.contains(&name.as_str()) {
            return Err(other(format!(
                "input attribute '{name}' not supported by scheme '{scheme}'"
            )));
        }
    }
    let attrs = match scheme {
        "github" | "gitlab" | "sourcehut" => git_archive_from_attrs(attrs)?,
        "git" => git_from_attrs(attrs)?,
        "hg" => hg_from_attrs(attrs)?,
        "indirect" => indirect_from_attrs(attrs)?,
        "path" => {
            required_str(&attrs, "path")?;
            attrs
        }
        _ => attrs,
    };
    fixup(&attrs)?;
    Ok(Input {
        scheme: Some(scheme),
        attrs,
    })
}

fn allowed_attrs(scheme: &str) -> &'static [&'static str] {
    match scheme {
        "github" | "gitlab" | "sourcehut" => &[
            "owner",
            "repo",
            "ref",
            "rev",
            "narHash",
            "lastModified",
            "host",
            "treeHash",
        ],
        "git" => &[
            "url",
            "ref",
            "rev",
            "shallow",
            "submodules",
            "lfs",
            "exportIgnore",
            "lastModified",
            "revCount",
            "narHash",
            "allRefs",
            "name",
            "dirtyRev",
            "dirtyShortRev",
            "verifyCommit",
            "keytype",
            "publicKey",
            "publicKeys",
        ],
        "hg" => &["url", "ref", "rev", "revCount", "narHash", "name"],
        "indirect" => &["id", "ref", "rev", "narHash"],
        "path" => &["path", "rev", "revCount", "lastModified", "narHash"],
        "file" | "tarball" => &[
            "url",
            "narHash",
            "name",
            "unpack",
            "rev",
            "revCount",
            "lastModified",
        ],
        _ => &[],
    }
}

/// `fixupInput`: the common attributes have their types.
fn fixup(attrs: &InputAttrs) -> Res<()> {
    str_attr(attrs, "type")?;
    str_attr(attrs, "ref")?;
    int_attr(attrs, "revCount")?;
    int_attr(attrs, "lastModified")?;
    Ok(())
}

/// `Input::toURL`.
fn to_url(input: &Input) -> Res<ParsedUrl> {
    let attrs = &input.attrs;
    let Some(scheme) = input.scheme else {
        return Err(other(format!(
            "cannot show unsupported input '{}'",
            attrs_to_json(attrs)
        )));
    };
    let rev = || -> Res<Option<String>> {
        match str_attr(attrs, "rev")? {
            Some(r) => Ok(Some(parse_rev(&r)?)),
            None => Ok(None),
        }
    };
    let reference = str_attr(attrs, "ref")?;
    Ok(match scheme {
        "github" | "gitlab" | "sourcehut" => {
            let mut path = vec![required_str(attrs, "owner")?, required_str(attrs, "repo")?];
            let rev = rev()?;
            path.extend(reference);
            path.extend(rev);
            let mut url = ParsedUrl::new(scheme, path);
            if let Some(hash) = nar_hash(attrs)? {
                url.query.insert("narHash".into(), hash);
            }
            if let Some(host) = str_attr(attrs, "host")? {
                url.query.insert("host".into(), host);
            }
            url
        }
        "git" => {
            let mut url = parse_url(&required_str(attrs, "url")?, false)?;
            if url.scheme != "git" {
                url.scheme = format!("git+{}", url.scheme);
            }
            if let Some(rev) = rev()? {
                url.query.insert("rev".into(), rev);
            }
            if let Some(r) = reference {
                url.query.insert("ref".into(), r);
            }
            for flag in [
                "shallow",
                "lfs",
                "submodules",
                "exportIgnore",
                "verifyCommit",
            ] {
                if bool_attr(attrs, flag)?.unwrap_or(false) {
                    url.query.insert(flag.into(), "1".into());
                }
            }
            url
        }
        "hg" => {
            let mut url = parse_url(&required_str(attrs, "url")?, false)?;
            url.scheme = format!("hg+{}", url.scheme);
            if let Some(rev) = rev()? {
                url.query.insert("rev".into(), rev);
            }
            if let Some(r) = reference {
                url.query.insert("ref".into(), r);
            }
            url
        }
        "indirect" => {
            let mut path = vec![required_str(attrs, "id")?];
            let rev = rev()?;
            path.extend(reference);
            path.extend(rev);
            ParsedUrl::new("flake", path)
        }
        "path" => {
            let mut query = BTreeMap::new();
            for (name, v) in attrs {
                if matches!(name.as_str(), "path" | "type" | "__final") {
                    continue;
                }
                let text = match v {
                    Field::Str(s) => s.clone(),
                    Field::Int(n) => n.to_string(),
                    Field::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                };
                query.insert(name.clone(), text);
            }
            let mut url = ParsedUrl::new("path", path_to_url_path(&required_str(attrs, "path")?));
            url.query = query;
            url
        }
        _ => {
            // file, tarball
            let mut url = parse_url(&required_str(attrs, "url")?, false)?;
            if let Some(hash) = nar_hash(attrs)? {
                url.query.insert("narHash".into(), hash);
            }
            url
        }
    })
}

/// github:, gitlab:, sourcehut: `owner/repo[/ref-or-rev]`.
fn git_archive_from_url(scheme: &str, url: &ParsedUrl) -> Res<Option<InputAttrs>> {
    if url.scheme != scheme {
        return Ok(None);
    }
    let path: Vec<&String> = url.path.iter().filter(|s| !s.is_empty()).collect();
    let mut attrs = InputAttrs::new();
    match path.len() {
        3 if is_rev(path[2]) => {
            attrs.insert("rev".into(), Field::Str(path[2].clone()));
        }
        3 => {
            attrs.insert("ref".into(), Field::Str(path[2].clone()));
        }
        n if n > 3 => {
            let joined: Vec<&str> = path[2..].iter().map(|s| s.as_str()).collect();
            attrs.insert("ref".into(), Field::Str(joined.join("/")));
        }
        n if n < 2 => return Err(bad_url(format!("URL '{url}' is invalid"))),
        _ => {}
    }
    for (name, value) in &url.query {
        match name.as_str() {
            "rev" | "ref" => {
                if attrs.contains_key(name) {
                    let what = if name == "rev" {
                        "commit hashes"
                    } else {
                        "branch/tag names"
                    };
                    return Err(bad_url(format!("URL '{url}' contains multiple {what}")));
                }
                attrs.insert(name.clone(), Field::Str(value.clone()));
            }
            "host" | "narHash" => {
                attrs.insert(name.clone(), Field::Str(value.clone()));
            }
            _ => {
                return Err(bad_url(format!(
                    "URL '{url}' contains unknown parameter '{name}'"
                )))
            }
        }
    }
    attrs.insert("type".into(), Field::Str(scheme.into()));
    attrs.insert("owner".into(), Field::Str(path[0].clone()));
    attrs.insert("repo".into(), Field::Str(path[1].clone()));
    git_archive_from_attrs(attrs).map(Some)
}

fn git_archive_from_attrs(attrs: InputAttrs) -> Res<InputAttrs> {
    required_str(&attrs, "owner")?;
    required_str(&attrs, "repo")?;
    let reference = str_attr(&attrs, "ref")?;
    let rev = str_attr(&attrs, "rev")?;
    if let (Some(reference), Some(rev)) = (&reference, &rev) {
        return Err(bad_url(format!(
            "input {} contains both a commit hash ('{rev}') and a branch/tag name ('{reference}')",
            attrs_to_json(&attrs)
        )));
    }
    if let Some(rev) = &rev {
        parse_sha1(rev)?;
    }
    if reference.as_deref().is_some_and(|r| !is_legal_ref_name(r)) {
        return Err(bad_url(format!(
            "input {} contains an invalid branch/tag name",
            attrs_to_json(&attrs)
        )));
    }
    if let Some(host) = str_attr(&attrs, "host")? {
        if !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        {
            return Err(bad_url(format!(
                "input {} contains an invalid instance host",
                attrs_to_json(&attrs)
            )));
        }
    }
    Ok(attrs)
}

/// `git://...`, `git+https://...`, `git+ssh://...`, `git+file:///...`.
fn git_from_url(url: &ParsedUrl) -> Res<Option<InputAttrs>> {
    if url.scheme != "git" && split_scheme(&url.scheme).0 != Some("git") {
        return Ok(None);
    }
    let mut url2 = url.clone();
    url2.query.clear();
    let mut attrs = InputAttrs::new();
    attrs.insert("type".into(), Field::Str("git".into()));
    for (name, value) in &url.query {
        match name.as_str() {
            "rev" | "ref" | "keytype" | "publicKey" | "publicKeys" => {
                attrs
                    .entry(name.clone())
                    .or_insert(Field::Str(value.clone()));
            }
            "shallow" | "submodules" | "lfs" | "exportIgnore" | "allRefs" | "verifyCommit" => {
                attrs
                    .entry(name.clone())
                    .or_insert(Field::Bool(value == "1"));
            }
            _ => {
                url2.query.entry(name.clone()).or_insert(value.clone());
            }
        }
    }
    attrs
        .entry("url".into())
        .or_insert(Field::Str(url2.to_string()));
    git_from_attrs(attrs).map(Some)
}

fn git_from_attrs(mut attrs: InputAttrs) -> Res<InputAttrs> {
    if ["verifyCommit", "keytype", "publicKey", "publicKeys"]
        .iter()
        .any(|n| attrs.contains_key(*n))
    {
        return Err(other(
            "experimental Nix feature 'verified-fetches' is disabled; add '--extra-experimental-features verified-fetches' to enable it".into(),
        ));
    }
    if let Some(r) = str_attr(&attrs, "ref")? {
        if !is_legal_ref_name(&r) {
            return Err(bad_url(format!("invalid Git branch/tag name '{r}'")));
        }
    }
    let url = fix_git_url(&required_str(&attrs, "url")?)?;
    attrs.insert("url".into(), Field::Str(url.to_string()));
    for flag in ["shallow", "submodules", "allRefs"] {
        bool_attr(&attrs, flag)?;
    }
    Ok(attrs)
}

/// Nix's `fixGitURL`: a local path becomes `file://`, `user@host:path` an `ssh://` URL,
/// and `git+` is dropped from the scheme.
fn fix_git_url(url: &str) -> Res<ParsedUrl> {
    if url.starts_with('/') {
        return Ok(ParsedUrl {
            authority: Some(Authority::default()),
            ..ParsedUrl::new("file", path_to_url_path(url))
        });
    }
    if let Some(scp) = scp_style(url)? {
        return Ok(scp);
    }
    let mut parsed = parse_url(url, false)?;
    if let (Some("git"), transport) = split_scheme(&parsed.scheme) {
        parsed.scheme = transport.to_string();
    }
    Ok(parsed)
}

/// `[user@]host:path` (no `://`, no `/` before the first `:`, not a scheme git knows).
fn scp_style(url: &str) -> Res<Option<ParsedUrl>> {
    if url.contains("://") {
        return Ok(None);
    }
    let Some((host, path)) = url.split_once(':') else {
        return Ok(None);
    };
    const GIT_SCHEMES: &[&str] = &["ssh", "http", "https", "file", "ftp", "ftps", "git"];
    let known = GIT_SCHEMES
        .iter()
        .any(|s| host == *s || host.strip_prefix("git+") == Some(s));
    if host.contains('/') || known || host.contains('[') {
        return Ok(None);
    }
    let (user, host) = match host.split_once('@') {
        Some((u, h)) => (Some(u.to_string()), h),
        None => (None, host),
    };
    if path.is_empty() {
        return Err(bad_url(format!(
            "SCP-style Git URL '{url}' has an empty path"
        )));
    }
    let mut segments: Vec<String> = path.split('/').map(str::to_string).collect();
    if !segments[0].is_empty() {
        segments.insert(0, String::new());
    }
    Ok(Some(ParsedUrl {
        scheme: "ssh".into(),
        authority: Some(Authority {
            host_type: host_type(host),
            host: host.to_string(),
            user,
            password: None,
            port: None,
        }),
        path: segments,
        query: BTreeMap::new(),
        fragment: String::new(),
    }))
}

/// `hg+http://...`, `hg+https://...`, `hg+ssh://...`, `hg+file://...`.
fn hg_from_url(url: &ParsedUrl) -> Res<Option<InputAttrs>> {
    if !["hg+http", "hg+https", "hg+ssh", "hg+file"].contains(&url.scheme.as_str()) {
        return Ok(None);
    }
    let mut url2 = url.clone();
    url2.scheme = url.scheme[3..].to_string();
    url2.query.clear();
    let mut attrs = InputAttrs::new();
    attrs.insert("type".into(), Field::Str("hg".into()));
    for (name, value) in &url.query {
        if name == "rev" || name == "ref" {
            attrs.insert(name.clone(), Field::Str(value.clone()));
        } else {
            url2.query.insert(name.clone(), value.clone());
        }
    }
    attrs.insert("url".into(), Field::Str(url2.to_string()));
    hg_from_attrs(attrs).map(Some)
}

fn hg_from_attrs(attrs: InputAttrs) -> Res<InputAttrs> {
    parse_url(&required_str(&attrs, "url")?, false)?;
    if let Some(r) = str_attr(&attrs, "ref")? {
        let mut bytes = r.bytes();
        let ok = bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'@')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b"_./@+-".contains(&b));
        if !ok {
            return Err(bad_url(format!("invalid Mercurial branch/tag name '{r}'")));
        }
    }
    Ok(attrs)
}

/// `flake:id[/ref][/rev]` (the registry's names).
fn indirect_from_url(url: &ParsedUrl) -> Res<Option<InputAttrs>> {
    if url.scheme != "flake" {
        return Ok(None);
    }
    let path: Vec<&String> = url.path.iter().filter(|s| !s.is_empty()).collect();
    let (mut reference, mut rev) = (None, None);
    match path.len() {
        1 => {}
        2 => {
            if is_rev(path[1]) {
                rev = Some(path[1].to_ascii_lowercase());
            } else if is_legal_ref_name(path[1]) {
                reference = Some(path[1].clone());
            } else {
                return Err(bad_url(format!(
                    "in flake URL '{url}', '{}' is not a commit hash or branch/tag name",
                    path[1]
                )));
            }
        }
        3 => {
            if !is_legal_ref_name(path[1]) {
                return Err(bad_url(format!(
                    "in flake URL '{url}', '{}' is not a branch/tag name",
                    path[1]
                )));
            }
            reference = Some(path[1].clone());
            if !is_rev(path[2]) {
                return Err(bad_url(format!(
                    "in flake URL '{url}', '{}' is not a commit hash",
                    path[2]
                )));
            }
            rev = Some(path[2].to_ascii_lowercase());
        }
        _ => return Err(bad_url(format!("GitHub URL '{url}' is invalid"))),
    }
    if !is_flake_id(path[0]) {
        return Err(bad_url(format!("'{}' is not a valid flake ID", path[0])));
    }
    let mut attrs = InputAttrs::new();
    attrs.insert("type".into(), Field::Str("indirect".into()));
    attrs.insert("id".into(), Field::Str(path[0].clone()));
    if let Some(rev) = rev {
        attrs.insert("rev".into(), Field::Str(rev));
    }
    if let Some(r) = reference {
        attrs.insert("ref".into(), Field::Str(r));
    }
    Ok(Some(attrs))
}

fn indirect_from_attrs(attrs: InputAttrs) -> Res<InputAttrs> {
    let id = required_str(&attrs, "id")?;
    if !is_flake_id(&id) {
        return Err(bad_url(format!("'{id}' is not a valid flake ID")));
    }
    Ok(attrs)
}

/// `path:/abs/path?rev=...&revCount=...`.
fn path_from_url(url: &ParsedUrl) -> Res<Option<InputAttrs>> {
    if url.scheme != "path" {
        return Ok(None);
    }
    if let Some(a) = &url.authority {
        if !a.host.is_empty() {
            return Err(other(format!(
                "path URL '{url}' should not have an authority ('{a}')"
            )));
        }
    }
    let mut attrs = InputAttrs::new();
    attrs.insert("type".into(), Field::Str("path".into()));
    attrs.insert("path".into(), Field::Str(url_path_to_path(&url.path)?));
    for (name, value) in &url.query {
        match name.as_str() {
            "rev" | "narHash" => {
                attrs.insert(name.clone(), Field::Str(value.clone()));
            }
            "revCount" | "lastModified" => match parse_u64(value) {
                Some(n) => {
                    attrs.insert(name.clone(), Field::Int(n));
                }
                None => {
                    return Err(other(format!(
                        "path URL '{url}' has invalid parameter '{name}'"
                    )))
                }
            },
            _ => {
                return Err(other(format!(
                    "path URL '{url}' has unsupported parameter '{name}'"
                )))
            }
        }
    }
    Ok(Some(attrs))
}

/// `https://.../x.tar.gz`, `tarball+https://...`, `file+https://...`: a flake reference
/// needs a tree, so a plain http(s) or file URL is a tarball.
fn curl_from_url(scheme: &str, url: &ParsedUrl) -> Res<Option<InputAttrs>> {
    let (application, transport) = split_scheme(&url.scheme);
    if !["file", "http", "https"].contains(&transport) {
        return Ok(None);
    }
    let valid = match application {
        Some(a) => a == scheme,
        None => scheme == "tarball",
    };
    if !valid {
        return Ok(None);
    }
    let mut url = url.clone();
    url.scheme = transport.to_string();
    let mut attrs = InputAttrs::new();
    for name in ["narHash", "rev"] {
        if let Some(v) = url.query.get(name) {
            attrs.insert(name.into(), Field::Str(v.clone()));
        }
    }
    for name in ["revCount", "lastModified"] {
        if let Some(n) = url.query.get(name).and_then(|v| parse_u64(v)) {
            attrs.insert(name.into(), Field::Int(n));
        }
    }
    for name in allowed_attrs(scheme) {
        url.query.remove(*name);
    }
    attrs.insert("type".into(), Field::Str(scheme.into()));
    attrs.insert("url".into(), Field::Str(url.to_string()));
    Ok(Some(attrs))
}

// ---- attribute helpers --------------------------------------------------------------------

fn str_attr(attrs: &InputAttrs, name: &str) -> Res<Option<String>> {
    match attrs.get(name) {
        None => Ok(None),
        Some(Field::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(other(format!(
            "input attribute '{name}' is not a string {}",
            attrs_to_json(attrs)
        ))),
    }
}

fn required_str(attrs: &InputAttrs, name: &str) -> Res<String> {
    str_attr(attrs, name)?.ok_or_else(|| other(format!("input attribute '{name}' is missing")))
}

fn int_attr(attrs: &InputAttrs, name: &str) -> Res<Option<u64>> {
    match attrs.get(name) {
        None => Ok(None),
        Some(Field::Int(n)) => Ok(Some(*n)),
        Some(_) => Err(other(format!("input attribute '{name}' is not an integer"))),
    }
}

fn bool_attr(attrs: &InputAttrs, name: &str) -> Res<Option<bool>> {
    match attrs.get(name) {
        None => Ok(None),
        Some(Field::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(other(format!("input attribute '{name}' is not a Boolean"))),
    }
}

/// `attrsToJSON(attrs).dump()`: compact, keys sorted.
fn attrs_to_json(attrs: &InputAttrs) -> String {
    let mut out = String::from("{");
    for (i, (name, v)) in attrs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        super::json::json_string(&mut out, name);
        out.push(':');
        match v {
            Field::Str(s) => super::json::json_string(&mut out, s),
            Field::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Field::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        }
    }
    out.push('}');
    out
}

fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A Git revision (a SHA-1 commit hash in hex).
fn is_rev(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `Hash::parseAny(rev, SHA1)`, printed back as Git writes revisions.
fn parse_sha1(rev: &str) -> Res<String> {
    super::hashes::parse_hash(rev, Some("sha1"))
        .map(|(_, bytes)| crate::store::hex(&bytes))
        .map_err(|e| other(e.message))
}

/// `Input::getRev`: a prefixed hash of any algorithm, else SHA-1.
fn parse_rev(rev: &str) -> Res<String> {
    if rev.contains(':') || rev.contains('-') {
        if let Ok((_, bytes)) = super::hashes::parse_hash(rev, None) {
            return Ok(crate::store::hex(&bytes));
        }
    }
    parse_sha1(rev)
}

/// `Input::getNarHash`, printed in SRI form.
fn nar_hash(attrs: &InputAttrs) -> Res<Option<String>> {
    let Some(text) = str_attr(attrs, "narHash")? else {
        return Ok(None);
    };
    if text.is_empty() {
        return Ok(Some(crate::store::sha256_to_sri(&[0u8; 32])));
    }
    let Some((algo, _)) = text.split_once('-') else {
        return Err(other(format!("hash '{text}' is not SRI")));
    };
    let (_, bytes) = super::hashes::parse_hash(&text, None).map_err(|e| other(e.message))?;
    if algo != "sha256" {
        return Err(other("narHash must use SHA-256".into()));
    }
    let digest: [u8; 32] = bytes
        .try_into()
        .map_err(|_| other(format!("hash '{text}' is not a SHA-256")))?;
    Ok(Some(crate::store::sha256_to_sri(&digest)))
}

/// libgit2's checks of a branch, tag or reference name (`git check-ref-format`).
fn is_legal_ref_name(r: &str) -> bool {
    if r.is_empty() || r == "@" {
        return false;
    }
    if !r.contains('/') && r.starts_with('-') {
        return false;
    }
    if r.ends_with('/') || r.starts_with('/') || r.ends_with('.') {
        return false;
    }
    if r.contains("..") || r.contains("@{") {
        return false;
    }
    if r.bytes()
        .any(|b| b < 0x20 || b == 0x7f || b" ~^:?*[\\".contains(&b))
    {
        return false;
    }
    r.split('/')
        .all(|c| !c.is_empty() && !c.starts_with('.') && !c.ends_with(".lock"))
}

// ---- URLs ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum HostType {
    #[default]
    Name,
    Ipv4,
    Ipv6,
}

/// The part of a URL after `//`.
#[derive(Debug, Clone, Default)]
struct Authority {
    host_type: HostType,
    host: String,
    user: Option<String>,
    password: Option<String>,
    port: Option<u16>,
}

impl std::fmt::Display for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(user) = &self.user {
            f.write_str(&percent_encode(user, ""))?;
            if let Some(password) = &self.password {
                write!(f, ":{}", percent_encode(password, ""))?;
            }
            f.write_str("@")?;
        }
        match self.host_type {
            HostType::Name => f.write_str(&percent_encode(&self.host, ""))?,
            HostType::Ipv4 => f.write_str(&self.host)?,
            HostType::Ipv6 => write!(f, "[{}]", percent_encode(&self.host, ":"))?,
        }
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

/// Nix's `ParsedURL`: the path as decoded segments (an absolute path starts with `""`),
/// the query decoded and sorted.
#[derive(Debug, Clone)]
struct ParsedUrl {
    scheme: String,
    authority: Option<Authority>,
    path: Vec<String>,
    query: BTreeMap<String, String>,
    fragment: String,
}

impl ParsedUrl {
    fn new(scheme: &str, path: Vec<String>) -> ParsedUrl {
        ParsedUrl {
            scheme: scheme.into(),
            authority: None,
            path,
            query: BTreeMap::new(),
            fragment: String::new(),
        }
    }
}

impl std::fmt::Display for ParsedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.scheme)?;
        if let Some(a) = &self.authority {
            write!(f, "//{a}")?;
        }
        let path: Vec<String> = self.path.iter().map(|s| percent_encode(s, ":@")).collect();
        f.write_str(&path.join("/"))?;
        if !self.query.is_empty() {
            let query: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        percent_encode(k, ":@/?"),
                        percent_encode(v, ":@/?")
                    )
                })
                .collect();
            write!(f, "?{}", query.join("&"))?;
        }
        if !self.fragment.is_empty() {
            write!(f, "#{}", percent_encode(&self.fragment, ""))?;
        }
        Ok(())
    }
}

/// `application+transport` → (application, transport).
fn split_scheme(scheme: &str) -> (Option<&str>, &str) {
    match scheme.split_once('+') {
        Some((a, t)) => (Some(a), t),
        None => (None, scheme),
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

fn is_sub_delim(b: u8) -> bool {
    b"!$&'()*+,;=".contains(&b)
}

fn is_pchar(b: u8) -> bool {
    is_unreserved(b) || is_sub_delim(b) || b == b':' || b == b'@'
}

/// Every byte is a pchar, `%` or one of `extra`, and every `%` starts a `%XX` escape.
fn uri_part_ok(s: &str, extra: &[u8]) -> bool {
    valid_pct(s)
        && s.bytes()
            .all(|b| is_pchar(b) || b == b'%' || extra.contains(&b))
}

/// The characters a query (`lenient`: also space and `"`) or a fragment (`lenient`: also
/// `^`) may hold besides pchars and escapes.
fn query_extra(lenient: bool) -> &'static [u8] {
    if lenient {
        b"/? \""
    } else {
        b"/?"
    }
}

/// Every `%` starts a `%XX` escape.
fn valid_pct(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() || !b[i + 1].is_ascii_hexdigit() || !b[i + 2].is_ascii_hexdigit() {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

fn percent_decode(s: &str) -> Res<String> {
    if !valid_pct(s) {
        return Err(bad_url(format!("invalid URI parameter '{s}'")));
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("00");
            out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Boost's `encode`: unreserved characters and those of `keep` stay, the rest is `%XX`.
fn percent_encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if is_unreserved(b) || keep.as_bytes().contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `a=1&b=2` (`lenient`: spaces and `"` allowed); a parameter without `=` is ignored.
fn decode_query(query: &str, lenient: bool) -> Res<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if query.is_empty() {
        return Ok(out);
    }
    for param in query.split('&') {
        if !uri_part_ok(param, query_extra(lenient)) {
            return Err(bad_url(format!("invalid URI query '{query}'")));
        }
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        out.entry(percent_decode(key)?)
            .or_insert(percent_decode(value)?);
    }
    Ok(out)
}

fn host_type(host: &str) -> HostType {
    let octets: Vec<&str> = host.split('.').collect();
    if octets.len() == 4
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n < 256)
        })
    {
        return HostType::Ipv4;
    }
    HostType::Name
}

/// Nix's `parseURL` (an RFC 3986 URI, as Boost.URL reads it). With `lenient`, spaces and
/// `"` are allowed in the query, and `^` in the fragment too.
fn parse_url(url: &str, lenient: bool) -> Res<ParsedUrl> {
    let invalid = || bad_url(format!("'{url}' is not a valid URL"));
    // Scheme.
    let colon = url
        .find(':')
        .ok_or_else(|| bad_url(format!("'{url}' doesn't have a scheme")))?;
    let scheme = &url[..colon];
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !scheme_ok {
        // A relative reference (`foo/bar:baz`) or something invalid: either way no scheme.
        return Err(bad_url(format!("'{url}' doesn't have a scheme")));
    }
    let rest = &url[colon + 1..];
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    // Authority.
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            (
                Some(parse_authority(&after[..end]).map_err(|_| invalid())?),
                &after[end..],
            )
        }
        None => (None, rest),
    };
    let fragment_extra: &[u8] = if lenient { b"/? \"^" } else { b"/?" };
    if !uri_part_ok(path, b"/")
        || !query.is_none_or(|q| uri_part_ok(q, query_extra(lenient)))
        || !fragment.is_none_or(|f| uri_part_ok(f, fragment_extra))
    {
        return Err(invalid());
    }
    let transport_is_file = split_scheme(scheme).1 == "file";
    if let Some(a) = &authority {
        if !a.host.is_empty() && transport_is_file {
            return Err(bad_url(format!(
                "file:// URL '{url}' has unexpected authority '{a}'"
            )));
        }
    }
    let path = if transport_is_file && path.is_empty() {
        "/"
    } else {
        path
    };
    let segments = path
        .split('/')
        .map(percent_decode)
        .collect::<Res<Vec<String>>>()?;
    Ok(ParsedUrl {
        scheme: scheme.to_string(),
        authority,
        path: segments,
        query: decode_query(query.unwrap_or(""), lenient)?,
        fragment: percent_decode(fragment.unwrap_or(""))?,
    })
}

fn parse_authority(text: &str) -> Result<Authority, ()> {
    let (userinfo, hostport) = match text.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, text),
    };
    let decode = |s: &str| percent_decode(s).map_err(|_| ());
    let (user, password) = match userinfo {
        Some(u) => {
            if !valid_pct(u)
                || !u
                    .bytes()
                    .all(|b| is_unreserved(b) || is_sub_delim(b) || b == b'%' || b == b':')
            {
                return Err(());
            }
            match u.split_once(':') {
                Some((name, pass)) => (Some(decode(name)?), Some(decode(pass)?)),
                None => (Some(decode(u)?), None),
            }
        }
        None => (None, None),
    };
    let (host, port, host_type) = if let Some(inner) = hostport.strip_prefix('[') {
        let (ip, after) = inner.split_once(']').ok_or(())?;
        if ip.is_empty()
            || !ip
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b":.".contains(&b))
        {
            return Err(());
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(())?),
        };
        (ip.to_ascii_lowercase(), port, HostType::Ipv6)
    } else {
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        };
        if !valid_pct(host)
            || !host
                .bytes()
                .all(|b| is_unreserved(b) || is_sub_delim(b) || b == b'%')
        {
            return Err(());
        }
        (decode(host)?, port, host_type(host))
    };
    let port = match port {
        None | Some("") => None,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => match p.parse::<u16>() {
            Ok(n) if n != 0 => Some(n),
            _ => return Err(()),
        },
        Some(_) => return Err(()),
    };
    Ok(Authority {
        host_type,
        host,
        user,
        password,
        port,
    })
}

/// `pathToUrlPath`: `/a/b` → `["", "a", "b"]`.
fn path_to_url_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let relative = match path.strip_prefix('/') {
        Some(rest) => {
            out.push(String::new());
            rest.trim_start_matches('/')
        }
        None => path,
    };
    out.extend(
        relative
            .split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_string),
    );
    if relative.ends_with('/') {
        out.push(String::new());
    }
    if path.ends_with('/') {
        out.push(String::new());
    }
    out
}

/// `urlPathToPath`: the segments joined back into a path.
fn url_path_to_path(segments: &[String]) -> Res<String> {
    for s in segments {
        if s.contains('/') {
            return Err(bad_url(format!(
                "URL path component '{s}' contains '/', which is not allowed in file names"
            )));
        }
        if s.contains('\0') {
            return Err(bad_url(format!(
                "URL path component '{}' contains NUL byte which is not allowed",
                s.replace('\0', "\u{2400}")
            )));
        }
    }
    let mut out = String::new();
    let mut rest = segments;
    if let Some((first, tail)) = segments.split_first() {
        if first.is_empty() {
            out.push('/');
            rest = tail;
        }
    }
    for s in rest {
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(s);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(url: &str) -> String {
        match parse(url) {
            Ok(a) => a
                .iter()
                .map(|(k, v)| match v {
                    Field::Str(s) => format!("{k}={s}"),
                    Field::Int(n) => format!("{k}={n}"),
                    Field::Bool(b) => format!("{k}={b}"),
                })
                .collect::<Vec<_>>()
                .join(" "),
            Err(e) => format!("error: {}", e.message()),
        }
    }

    fn round_trip(url: &str) -> String {
        match parse(url).and_then(to_string) {
            Ok(s) => s,
            Err(e) => format!("error: {}", e.message()),
        }
    }

    /// The cases of Nix's own `libflake-tests/flakeref.cc`.
    #[test]
    fn nix_unit_test_cases() {
        assert_eq!(round_trip("/foo/bar"), "path:/foo/bar");
        assert_eq!(
            round_trip("/foo/bar?revCount=123&rev=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            "path:/foo/bar?rev=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&revCount=123"
        );
        assert!(round_trip("/foo/bar?xyzzy=123").starts_with("error: "));
        assert!(round_trip("/foo/bar#bla").starts_with("error: "));
        assert_eq!(
            round_trip("/foo bar/baz?dir=bla space"),
            "path:/foo%20bar/baz?dir=bla%20space"
        );
        assert_eq!(
            attrs("/foo bar/baz?dir=bla space"),
            "dir=bla space path=/foo bar/baz type=path"
        );
        assert_eq!(
            round_trip("github:foo/bar/branch%23"),
            "github:foo/bar/branch%23"
        );
        assert_eq!(
            round_trip("github:foo/bar?ref=branch%23"),
            "github:foo/bar/branch%23"
        );
        assert_eq!(attrs("flake:nixpkgs"), "id=nixpkgs type=indirect");
        assert_eq!(
            attrs("nixpkgs/branch"),
            "id=nixpkgs ref=branch type=indirect"
        );
        assert_eq!(round_trip("nixpkgs/branch"), "flake:nixpkgs/branch");
        assert_eq!(
            round_trip("nixpkgs/branch/2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"),
            "flake:nixpkgs/branch/2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"
        );
        assert_eq!(round_trip("nixpkgs/branch////"), "flake:nixpkgs/branch");
        assert_eq!(
            round_trip("nixpkgs/branch///2aae6c35c94fcfb415dbe95f408b9ce91ee846ed///"),
            "flake:nixpkgs/branch/2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"
        );
        assert_eq!(
            attrs("git://somewhere/repo?ref=branch"),
            "ref=branch type=git url=git://somewhere/repo"
        );
        assert_eq!(
            round_trip("git://somewhere/repo?ref=branch"),
            "git://somewhere/repo?ref=branch"
        );
        assert_eq!(
            attrs("git+https://somewhere.aaaaaaa/repo?ref=branch"),
            "ref=branch type=git url=https://somewhere.aaaaaaa/repo"
        );
        assert_eq!(
            round_trip("git+https://somewhere.aaaaaaa/repo?ref=branch"),
            "git+https://somewhere.aaaaaaa/repo?ref=branch"
        );
        assert_eq!(
            round_trip("flake:/nixpkgs///branch////"),
            "flake:nixpkgs/branch"
        );
        assert_eq!(
            attrs("github://////owner%42/////repo%41///branch%43////"),
            "owner=ownerB ref=branchC repo=repoA type=github"
        );
        assert_eq!(
            round_trip("github://////owner%42/////repo%41///branch%43////"),
            "github:ownerB/repoA/branchC"
        );
        assert_eq!(
            attrs("gitlab:/owner%252Fsubgroup/////repo%41///branch%43////"),
            "owner=owner%2Fsubgroup ref=branchC repo=repoA type=gitlab"
        );
        assert_eq!(
            round_trip("gitlab:/owner%252Fsubgroup/////repo%41///branch%43////"),
            "gitlab:owner%252Fsubgroup/repoA/branchC"
        );
        assert_eq!(
            round_trip("http://localhost:8181/test/+3d.tar.gz"),
            "http://localhost:8181/test/%2B3d.tar.gz"
        );
        assert!(round_trip(
            "github:nixos/nixpkgs/nixpkgs.git?ref=aead170c1a49253ebfa5027010dfd89a77b73ca4"
        )
        .starts_with("error: "));
    }

    /// Random references built from the characters that matter never panic, and what
    /// parses prints back to a reference that parses to the same attributes.
    #[test]
    fn random_references_never_panic() {
        const PIECES: &[&str] = &[
            "github:",
            "gitlab:",
            "sourcehut:",
            "git+https://",
            "git+file:",
            "git:",
            "hg+https://",
            "path:",
            "flake:",
            "tarball+https://",
            "file+http://",
            "https://",
            "file://",
            "/",
            "//",
            "?",
            "&",
            "=",
            "#",
            "%",
            "%2F",
            "%zz",
            "@",
            ":",
            "a",
            "B",
            "0",
            "-",
            ".",
            "..",
            " ",
            "\"",
            "^",
            "nixpkgs",
            "ref=",
            "rev=",
            "dir=",
            "host=",
            "narHash=",
            "shallow=1",
            "lastModified=",
            "revCount=",
            "12",
            "0123456789abcdef0123456789abcdef01234567",
            "[::1]",
            "user:pw@",
            ":8080",
            "x.tar.gz",
            ".lock",
            "@{",
            "~",
            "\u{e9}",
            "\0",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut parsed = 0;
        for _ in 0..50_000 {
            let url: String = (0..1 + next(8))
                .map(|_| PIECES[next(PIECES.len())])
                .collect();
            if let Ok(attrs) = parse(&url) {
                if let Ok(text) = to_string(attrs.clone()) {
                    parsed += 1;
                    // Printing is stable: what it prints parses and prints the same.
                    if let Ok(again) = parse(&text) {
                        assert_eq!(
                            to_string(again).ok().as_deref(),
                            Some(text.as_str()),
                            "{url}"
                        );
                    }
                }
            }
        }
        assert!(parsed > 1000, "only {parsed} references parsed");
    }

    #[test]
    fn ref_names_follow_git() {
        for ok in [
            "A/b",
            "HEAD",
            "refs/tags/1.2.3",
            "foox",
            "1337",
            "foo./bar",
            "heads/foo@bar",
            "heads/fu\u{df}",
            "branch#",
            "$1",
            "foo.locke",
        ] {
            assert!(is_legal_ref_name(ok), "{ok}");
        }
        for bad in [
            "refs///heads/foo",
            "heads/foo/",
            ".foo",
            "foo/./bar",
            "foo bar",
            "foo?bar",
            "foo^bar",
            "foo~bar",
            "foo:bar",
            "foo[bar",
            "refs/heads/foo.",
            "heads/foo..bar",
            "heads/foo.lock",
            "heads/v@{ation",
            "heads/foo\\bar",
            "@",
            "\u{1f}",
            "\u{7f}",
            "foo/*",
            "*",
        ] {
            assert!(!is_legal_ref_name(bad), "{bad}");
        }
    }
}
