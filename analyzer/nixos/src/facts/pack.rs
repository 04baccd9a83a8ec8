//! Knowledge packs: TOML files that say which option paths declare an entity (a unit, a
//! user, a port, a middleware...), which option paths reference one, and which rule ties
//! them. The format is documented in `docs/queries.md`; the built-in packs are the files of
//! `queries/` at the repository root, compiled into the binary; a fleet adds its own with
//! `packs = [...]` in `qg.toml`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use qg_syntax::RuleId;

/// The packs every flake gets, in the order their files are named.
/// `qgroget` comes first: where an option of the fleet feeds another (`middlewares` feeds
/// Traefik's routers), the fleet's own option is where a finding is shown.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "queries/qgroget.toml",
        include_str!("../../../../queries/qgroget.toml"),
    ),
    (
        "queries/sops-nix.toml",
        include_str!("../../../../queries/sops-nix.toml"),
    ),
    (
        "queries/impermanence.toml",
        include_str!("../../../../queries/impermanence.toml"),
    ),
    (
        "queries/quadlet.toml",
        include_str!("../../../../queries/quadlet.toml"),
    ),
    (
        "queries/traefik.toml",
        include_str!("../../../../queries/traefik.toml"),
    ),
    (
        "queries/systemd.toml",
        include_str!("../../../../queries/systemd.toml"),
    ),
    (
        "queries/users.toml",
        include_str!("../../../../queries/users.toml"),
    ),
    (
        "queries/filesystems.toml",
        include_str!("../../../../queries/filesystems.toml"),
    ),
    (
        "queries/nixos-services.toml",
        include_str!("../../../../queries/nixos-services.toml"),
    ),
];

/// One loaded pack.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pack {
    pub name: String,
    /// Where it was read from (`queries/systemd.toml`, or a path in the flake).
    pub file: String,
    pub entities: Vec<EntityQuery>,
    pub references: Vec<ReferenceQuery>,
    pub unique: Vec<UniqueRule>,
    /// Where a host may get entities no pack models, which leaves their kinds incomplete.
    pub(crate) opens: Vec<OpenQuery>,
    /// Flake inputs (by the name a fleet usually gives them) whose NixOS modules add no
    /// user, group or unit beyond what the packs model; any other imported input leaves
    /// those kinds incomplete.
    pub inputs: Vec<String>,
    /// Per entity kind: a suffix a bare reference gets (`jellyfin` → `jellyfin.service`).
    pub default_suffix: BTreeMap<String, String>,
}

/// Options that, when the host defines them, may bring entities of `kinds` that no pack
/// knows (an enabled NixOS service qg does not model creates its own users; a Traefik file
/// provider reading a directory defines middlewares outside Nix).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct OpenQuery {
    pub kinds: Vec<String>,
    /// Where to look; every definition found opens the kinds (with `equals`, only those
    /// reading as that text, or unknown).
    pub at: Vec<Pattern>,
    pub equals: Option<String>,
    /// Options known to bring nothing of those kinds beyond what the packs model.
    pub except: Vec<Pattern>,
    pub line: usize,
}

/// Where entities of a kind are declared.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntityQuery {
    pub kind: String,
    /// The option path; `None` for entities that only `when` brings (`names`).
    pub at: Option<Pattern>,
    /// Other spellings of `at`, tried in order when `at` finds nothing (a fleet's option
    /// renamed from `name` to `subdomain`): the first that finds a value is used.
    pub alternatives: Vec<Pattern>,
    pub select: Select,
    /// The entity's name: `{name}` is the last `<name>` of the path, `{value}` the value.
    pub name: String,
    /// Fixed names instead of `at`: entities a service creates (with `when`) or that every
    /// host has (without).
    pub names: Vec<String>,
    /// An option that must be `true` on the host.
    pub when: Option<Pattern>,
    /// The value found must read as this text (`fsType = "tmpfs"`, `enable = true`).
    pub equals: Option<String>,
    /// The value must be an absolute path.
    pub absolute: bool,
    /// A boolean of the set matched by the first wildcard of `at` that switches it off
    /// when `false` (`enable` of `environment.persistence.<root>`).
    pub enabled_by: Option<String>,
    pub line: usize,
}

/// Where references to entities are written, and the rule that checks them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReferenceQuery {
    /// The kinds of entity that satisfy the reference.
    pub kinds: Vec<String>,
    pub at: Pattern,
    pub select: Select,
    pub rule: RuleId,
    pub relation: Relation,
    /// A reference containing this text is external and never checked (`name@provider`).
    pub external_marker: Option<String>,
    /// As for entities.
    pub enabled_by: Option<String>,
    /// A suffix naming the entities' own provider (`@file`), stripped before the check.
    pub local_suffix: Option<String>,
    pub line: usize,
}

/// Entities of a kind that must not share a name on a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UniqueRule {
    pub kind: String,
    pub rule: RuleId,
    pub line: usize,
}

/// How a reference relates to the entities it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// An entity of that name must exist.
    Exists,
    /// The reference is a path that must lie at or below an entity's path.
    Under,
}

/// What is taken from the value found at a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Select {
    /// A set's attribute (`directory` of `{ directory = ...; mode = ...; }`).
    pub field: Option<String>,
    /// Instead of `field`: several attributes of a set, which together are the name
    /// (`rule`, `entryPoints`, `priority` of a Traefik router); a missing one reads as
    /// unset, a list as its sorted elements.
    pub key: Vec<String>,
    /// With `field`: a plain string value is taken as it is.
    pub strings: bool,
    /// How the text is read.
    pub parse: Option<Parse>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parse {
    /// Podman's `[[ip:][hostPort]:]containerPort[/proto]`: the host ports, as `port/proto`.
    PublishPort,
    /// A listen address `[host]:port[/proto]` (Traefik entry points): `port/proto`.
    ListenAddress,
}

/// An option path with wildcards.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern(pub Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Name(String),
    /// `<name>`: any attribute, captured as the entity's name.
    Capture,
    /// `<_>`: any attribute.
    Any,
    /// `*`: every element of a list.
    Each,
}

impl Pattern {
    /// Whether a concrete option path matches (`*` matches nothing: paths name options).
    pub fn matches(&self, path: &[&str]) -> bool {
        self.0.len() == path.len()
            && self.0.iter().zip(path).all(|(s, p)| match s {
                Segment::Name(n) => n == p,
                Segment::Capture | Segment::Any => true,
                Segment::Each => false,
            })
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match s {
                Segment::Name(n) if n.is_empty() || n.contains(['.', '"', '/', ' ']) => {
                    write!(f, "{n:?}")?
                }
                Segment::Name(n) => f.write_str(n)?,
                Segment::Capture => f.write_str("<name>")?,
                Segment::Any => f.write_str("<_>")?,
                Segment::Each => f.write_str("*")?,
            }
        }
        Ok(())
    }
}

/// A pack that cannot be used: file, 1-based line, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// A pack's error is an error of the configuration that names it.
impl From<PackError> for qg_syntax::ConfigError {
    fn from(e: PackError) -> qg_syntax::ConfigError {
        qg_syntax::ConfigError {
            file: e.file,
            line: e.line,
            message: e.message,
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for PackError {}

/// The built-in packs.
pub(crate) fn built_in() -> Vec<Pack> {
    BUILT_IN
        .iter()
        .map(|(file, text)| parse_pack(file, text).expect("built-in packs are valid"))
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawHeader,
    #[serde(default)]
    kinds: BTreeMap<String, RawKind>,
    #[serde(default)]
    entity: Vec<Spanned<RawEntity>>,
    #[serde(default)]
    reference: Vec<Spanned<RawReference>>,
    #[serde(default)]
    unique: Vec<Spanned<RawUnique>>,
    #[serde(default)]
    open: Vec<Spanned<RawOpen>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOpen {
    kind: OneOrMany,
    at: Spanned<OneOrMany>,
    equals: Option<String>,
    #[serde(default)]
    except: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: String,
    #[serde(default)]
    inputs: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawKind {
    default_suffix: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntity {
    kind: String,
    at: Option<Spanned<OneOrMany>>,
    field: Option<String>,
    #[serde(default)]
    key: Vec<String>,
    #[serde(default)]
    strings: bool,
    parse: Option<Spanned<String>>,
    name: Option<String>,
    #[serde(default)]
    names: Vec<String>,
    when: Option<Spanned<String>>,
    equals: Option<String>,
    #[serde(default)]
    absolute: bool,
    enabled_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReference {
    kind: OneOrMany,
    at: Spanned<String>,
    field: Option<String>,
    #[serde(default)]
    strings: bool,
    parse: Option<Spanned<String>>,
    rule: Spanned<String>,
    relation: Option<Spanned<String>>,
    external: Option<String>,
    enabled_by: Option<String>,
    local_suffix: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnique {
    kind: String,
    rule: Spanned<String>,
}

/// Reads one pack; `file` names it in errors.
pub(crate) fn parse_pack(file: &str, text: &str) -> Result<Pack, PackError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let error = |offset: usize, message: String| PackError {
        file: file.to_string(),
        line: line_of(offset),
        message,
    };
    let raw: RawPack = toml::from_str(text).map_err(|e| PackError {
        file: file.to_string(),
        line: e.span().map_or(1, |s| line_of(s.start)),
        message: e.message().trim().to_string(),
    })?;
    let mut pack = Pack {
        name: raw.pack.name,
        file: file.to_string(),
        entities: Vec::new(),
        references: Vec::new(),
        unique: Vec::new(),
        opens: Vec::new(),
        inputs: raw.pack.inputs,
        default_suffix: raw
            .kinds
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.default_suffix?)))
            .collect(),
    };
    for entry in raw.entity {
        let start = entry.span().start;
        let e = entry.into_inner();
        let mut spellings = match e.at {
            Some(a) => {
                let offset = a.span().start;
                let texts = a.into_inner().into_vec();
                if texts.is_empty() {
                    return Err(error(offset, "`at` needs at least one path".into()));
                }
                patterns(&texts, offset, &error)?
            }
            None => Vec::new(),
        };
        let at = (!spellings.is_empty()).then(|| spellings.remove(0));
        let alternatives = spellings;
        let when = e
            .when
            .as_ref()
            .map(|w| parse_pattern(w.get_ref()).map_err(|m| error(w.span().start, m)))
            .transpose()?;
        if at.is_none() == e.names.is_empty() {
            return Err(error(
                start,
                "an [[entity]] needs either `at` or `names`".into(),
            ));
        }
        let captures = at.as_ref().is_some_and(|p| p.0.contains(&Segment::Capture));
        let ends_in_capture = at
            .as_ref()
            .is_some_and(|p| p.0.last() == Some(&Segment::Capture));
        let name = e
            .name
            .unwrap_or_else(|| if ends_in_capture { "{name}" } else { "{value}" }.to_string());
        if name.contains("{name}") && !captures {
            return Err(error(start, "`{name}` needs a `<name>` in `at`".into()));
        }
        if !e.key.is_empty() && e.field.is_some() {
            return Err(error(start, "use either `field` or `key`".into()));
        }
        let mut select = select(e.field, e.strings, e.parse.as_ref(), &error)?;
        select.key = e.key;
        pack.entities.push(EntityQuery {
            kind: e.kind,
            at,
            alternatives,
            select,
            name,
            names: e.names,
            when,
            equals: e.equals,
            absolute: e.absolute,
            enabled_by: e.enabled_by,
            line: line_of(start),
        });
    }
    for entry in raw.reference {
        let start = entry.span().start;
        let r = entry.into_inner();
        let at = parse_pattern(r.at.get_ref()).map_err(|m| error(r.at.span().start, m))?;
        let rule: RuleId = r.rule.get_ref().parse().map_err(|()| {
            error(
                r.rule.span().start,
                format!("unknown rule `{}`", r.rule.get_ref()),
            )
        })?;
        let relation = match r.relation.as_ref().map(|s| s.get_ref().as_str()) {
            None | Some("exists") => Relation::Exists,
            Some("under") => Relation::Under,
            Some(other) => {
                let span = r.relation.as_ref().expect("matched").span();
                return Err(error(
                    span.start,
                    format!("unknown relation `{other}`: use \"exists\" or \"under\""),
                ));
            }
        };
        pack.references.push(ReferenceQuery {
            kinds: r.kind.into_vec(),
            at,
            select: select(r.field, r.strings, r.parse.as_ref(), &error)?,
            rule,
            relation,
            external_marker: r.external,
            enabled_by: r.enabled_by,
            local_suffix: r.local_suffix,
            line: line_of(start),
        });
    }
    for entry in raw.open {
        let start = entry.span().start;
        let o = entry.into_inner();
        let offset = o.at.span().start;
        let at = patterns(&o.at.into_inner().into_vec(), offset, &error)?;
        let except = patterns(&o.except, start, &error)?;
        pack.opens.push(OpenQuery {
            kinds: o.kind.into_vec(),
            at,
            equals: o.equals,
            except,
            line: line_of(start),
        });
    }
    for entry in raw.unique {
        let start = entry.span().start;
        let u = entry.into_inner();
        let rule: RuleId = u.rule.get_ref().parse().map_err(|()| {
            error(
                u.rule.span().start,
                format!("unknown rule `{}`", u.rule.get_ref()),
            )
        })?;
        pack.unique.push(UniqueRule {
            kind: u.kind,
            rule,
            line: line_of(start),
        });
    }
    Ok(pack)
}

/// Several paths, each an error at `offset` if it does not parse.
fn patterns(
    texts: &[String],
    offset: usize,
    error: &impl Fn(usize, String) -> PackError,
) -> Result<Vec<Pattern>, PackError> {
    texts
        .iter()
        .map(|t| parse_pattern(t).map_err(|m| error(offset, m)))
        .collect()
}

fn select(
    field: Option<String>,
    strings: bool,
    parse: Option<&Spanned<String>>,
    error: &impl Fn(usize, String) -> PackError,
) -> Result<Select, PackError> {
    let parse = match parse {
        None => None,
        Some(p) if p.get_ref() == "publish-port" => Some(Parse::PublishPort),
        Some(p) if p.get_ref() == "listen-address" => Some(Parse::ListenAddress),
        Some(p) => {
            return Err(error(
                p.span().start,
                format!(
                    "unknown parse `{}`: use \"publish-port\" or \"listen-address\"",
                    p.get_ref()
                ),
            ))
        }
    };
    Ok(Select {
        field,
        key: Vec::new(),
        strings,
        parse,
    })
}

/// `a.b."c.d".<name>.*` → segments.
pub(crate) fn parse_pattern(text: &str) -> Result<Pattern, String> {
    let mut segments = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let segment = match chars.peek() {
            Some('"') => {
                chars.next();
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => name.extend(chars.next()),
                        Some(c) => name.push(c),
                        None => return Err(format!("unclosed quote in `{text}`")),
                    }
                }
                Segment::Name(name)
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c == '.' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                match word.as_str() {
                    "" => return Err(format!("empty segment in `{text}`")),
                    "<name>" => Segment::Capture,
                    "<_>" => Segment::Any,
                    "*" => Segment::Each,
                    w if w.starts_with('<') => {
                        return Err(format!("`{w}` in `{text}`: use `<name>` or `<_>`"))
                    }
                    _ => Segment::Name(word),
                }
            }
        };
        segments.push(segment);
        match chars.next() {
            None => break,
            Some('.') => continue,
            Some(c) => return Err(format!("unexpected `{c}` after a quoted name in `{text}`")),
        }
    }
    Ok(Pattern(segments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_packs_load() {
        let packs = built_in();
        assert!(packs.iter().any(|p| p.name == "systemd"));
    }

    #[test]
    fn patterns_read_quotes_and_wildcards() {
        let p = parse_pattern(r#"fileSystems."/".fsType"#).unwrap();
        assert_eq!(
            p.0,
            vec![
                Segment::Name("fileSystems".into()),
                Segment::Name("/".into()),
                Segment::Name("fsType".into())
            ]
        );
        let p = parse_pattern("a.<name>.<_>.*").unwrap();
        assert_eq!(p.to_string(), "a.<name>.<_>.*");
        assert!(parse_pattern("a..b").is_err());
        assert!(parse_pattern("a.<nam>").is_err());
    }

    #[test]
    fn spellings_keys_and_opens_are_read() {
        let text = "[pack]\nname = \"x\"\ninputs = [\"lab\"]\n\n[[entity]]\nkind = \"subdomain\"\nat = [\"s.<name>.subdomain\", \"s.<name>.name\"]\n\n[[entity]]\nkind = \"route\"\nat = \"r.<name>\"\nkey = [\"rule\", \"priority\"]\n\n[[open]]\nkind = [\"user\", \"group\"]\nat = \"services.<_>.enable\"\nequals = \"true\"\nexcept = [\"services.xserver.enable\"]\n";
        let pack = parse_pack("p.toml", text).unwrap();
        assert_eq!(pack.inputs, ["lab"]);
        assert_eq!(pack.entities[0].alternatives.len(), 1);
        assert_eq!(pack.entities[1].select.key, ["rule", "priority"]);
        let open = &pack.opens[0];
        assert_eq!(open.kinds, ["user", "group"]);
        assert!(open.at[0].matches(&["services", "greetd", "enable"]));
        assert!(open.except[0].matches(&["services", "xserver", "enable"]));
        assert!(!open.at[0].matches(&["services", "greetd"]));
        let both = "[pack]\nname = \"x\"\n[[entity]]\nkind = \"r\"\nat = \"a.<name>\"\nfield = \"f\"\nkey = [\"k\"]\n";
        assert!(parse_pack("p.toml", both).is_err());
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "[pack]\nname = \"x\"\n\n[[reference]]\nkind = \"unit\"\nat = \"a.b\"\nrule = \"QG999\"\n";
        let e = parse_pack("queries/x.toml", text).unwrap_err();
        assert_eq!(e.to_string(), "queries/x.toml:7: unknown rule `QG999`");
        let e = parse_pack(
            "p.toml",
            "[pack]\nname = \"x\"\n[[entity]]\nkind = \"u\"\nat = \"a..b\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 5);
        assert!(e.message.contains("empty segment"), "{e}");
        let e = parse_pack("p.toml", "[pack]\nname = \"x\"\nbogus = 1\n").unwrap_err();
        assert_eq!(e.line, 3);
    }
}
