//! Key paths of SOPS files, without their values.
//!
//! In a SOPS YAML or JSON file the structure and the key names are plaintext and every value
//! is encrypted (`ENC[AES256_GCM,...]`). qg needs the key paths (`authelia/jwt_secret`, the
//! way sops-nix joins nested keys with `/`) and where each is written. It reads the file with
//! an event parser and keeps key names only: a value passes through the parser and is
//! dropped at once; it is never stored, printed, logged or sent.

use std::sync::Arc;

use rowan::{TextRange, TextSize};
use yaml_rust2::{
    parser::{Event, MarkedEventReceiver, Parser},
    scanner::Marker,
};

use qg_syntax::SourceFile;

use crate::Db;

/// What a key holds (never the value itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// A scalar: what sops-nix can extract as a secret.
    Leaf,
    /// A mapping: its keys are the secrets; naming it as a secret fails at activation.
    Mapping,
    /// A list: sops-nix cannot index into it.
    List,
}

/// One key path of a SOPS file and where its last segment is written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SopsKey {
    pub path: String,
    pub kind: KeyKind,
    pub range: TextRange,
}

/// The readable structure of a SOPS file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SopsKeys {
    pub keys: Vec<SopsKey>,
    /// Indices into `keys`, sorted by path, for lookups.
    by_path: Vec<usize>,
    /// The file has SOPS metadata (a top-level `sops` mapping with `mac` or `version`).
    pub has_sops_metadata: bool,
}

impl SopsKeys {
    pub fn new(keys: Vec<SopsKey>, has_sops_metadata: bool) -> SopsKeys {
        let mut by_path: Vec<usize> = (0..keys.len()).collect();
        by_path.sort_by(|a, b| keys[*a].path.cmp(&keys[*b].path));
        SopsKeys {
            keys,
            by_path,
            has_sops_metadata,
        }
    }

    /// The first key written with this path.
    pub fn get(&self, path: &str) -> Option<&SopsKey> {
        let start = self
            .by_path
            .partition_point(|i| self.keys[*i].path.as_str() < path);
        let i = *self.by_path.get(start)?;
        (self.keys[i].path == path).then(|| &self.keys[i])
    }

    pub fn leaves(&self) -> impl Iterator<Item = &SopsKey> {
        self.keys.iter().filter(|k| k.kind == KeyKind::Leaf)
    }
}

/// Why a file could not be read as YAML or JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SopsSyntaxError {
    pub offset: TextSize,
    pub message: String,
}

/// The key paths of a SOPS file (YAML, or JSON, which the YAML parser reads too).
pub(crate) fn read_keys(text: &str) -> Result<SopsKeys, SopsSyntaxError> {
    let mut collector = KeyCollector::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut collector, false)
        .map_err(|e| SopsSyntaxError {
            offset: TextSize::from(char_to_byte(text, e.marker().index()) as u32),
            message: e.info().to_string(),
        })?;
    let keys = std::mem::take(&mut collector.keys);
    let has_sops_metadata = collector
        .metadata_keys
        .iter()
        .any(|k| k == "mac" || k == "version");
    let keys = fix_offsets(text, keys);
    Ok(SopsKeys::new(keys, has_sops_metadata))
}

/// Key paths of a sops file in the flake, as a query: editing the file re-reads it, and
/// only the rules that read secrets re-run.
#[salsa::tracked(returns(ref))]
pub fn sops_keys(db: &dyn Db, file: SourceFile) -> Result<Arc<SopsKeys>, SopsSyntaxError> {
    read_keys(file.text(db)).map(Arc::new)
}

/// The text of a SOPS file with every value blanked out (each byte after a key's `:`, and
/// every line without a key, becomes `*`), same length and line structure: what front ends
/// show in snippets of a sops file, so that no value is ever printed.
pub fn redact_secret_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let indent = body.len() - body.trim_start_matches([' ', '\t', '-', '{', ',']).len();
        let rest = &body[indent..];
        let keep = if rest.starts_with('#') {
            0
        } else {
            rest.find(':')
                .filter(|&i| {
                    let key = &rest[..i];
                    !key.is_empty() && !key.contains(char::is_whitespace) && !key.contains('[')
                })
                .map_or(0, |i| i + 1)
        };
        out.push_str(&body[..indent + keep]);
        for b in body[indent + keep..].bytes() {
            out.push(if b == b' ' || b == b'\t' {
                b as char
            } else {
                '*'
            });
        }
        out.push_str(end);
    }
    out
}

enum Frame {
    /// A mapping whose keys are addressable; `key` is the key awaiting its value.
    Mapping {
        prefix: String,
        key: Option<(String, usize)>,
    },
    /// A list, or anything below one: no addressable keys.
    Opaque { depth: usize },
    /// The top-level `sops` mapping: only its key names are looked at (`mac`, `version`);
    /// `expect_key` alternates as keys and values pass.
    Metadata { depth: usize, expect_key: bool },
}

#[derive(Default)]
struct KeyCollector {
    stack: Vec<Frame>,
    /// Key paths with the character index of their last segment (converted to bytes later).
    keys: Vec<(String, KeyKind, usize, usize)>,
    /// Key names directly under the top-level `sops` mapping (never their values).
    metadata_keys: Vec<String>,
}

impl KeyCollector {
    /// A value (scalar, alias, mapping or list) arrived for the pending key of the top mapping.
    fn value(&mut self, kind: KeyKind) -> Option<String> {
        let Some(Frame::Mapping { prefix, key }) = self.stack.last_mut() else {
            return None;
        };
        let (name, at) = key.take()?;
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if !(prefix.is_empty() && name == "sops") {
            self.keys
                .push((path.clone(), kind, at, name.chars().count()));
        }
        Some(path)
    }

    fn open(&mut self, kind: KeyKind) {
        match self.stack.last_mut() {
            Some(Frame::Opaque { depth }) => {
                *depth += 1;
                return;
            }
            Some(Frame::Metadata { depth, expect_key }) => {
                if *depth == 0 {
                    *expect_key = true; // this nested value was the pending key's value
                }
                *depth += 1;
                return;
            }
            _ => {}
        }
        let is_root = self.stack.is_empty();
        let frame = match (is_root, self.value(kind)) {
            (true, _) if kind == KeyKind::Mapping => Frame::Mapping {
                prefix: String::new(),
                key: None,
            },
            (false, Some(path)) if path == "sops" && kind == KeyKind::Mapping => Frame::Metadata {
                depth: 0,
                expect_key: true,
            },
            (false, Some(path)) if kind == KeyKind::Mapping => Frame::Mapping {
                prefix: path,
                key: None,
            },
            _ => Frame::Opaque { depth: 0 },
        };
        self.stack.push(frame);
    }

    fn close(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Opaque { depth }) | Some(Frame::Metadata { depth, .. }) if *depth > 0 => {
                *depth -= 1
            }
            _ => {
                self.stack.pop();
            }
        }
    }

    fn scalar(&mut self, text: &str, mark: Marker) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key, .. }) if key.is_none() => {
                *key = Some((text.to_string(), mark.index()));
            }
            Some(Frame::Mapping { .. }) => {
                self.value(KeyKind::Leaf);
            }
            Some(Frame::Metadata {
                depth: 0,
                expect_key,
            }) => {
                if *expect_key {
                    self.metadata_keys.push(text.to_string());
                }
                *expect_key = !*expect_key;
            }
            _ => {}
        }
    }
}

impl MarkedEventReceiver for KeyCollector {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::MappingStart(..) => self.open(KeyKind::Mapping),
            Event::SequenceStart(..) => self.open(KeyKind::List),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            // The scalar may be a value: only its use as a key name is kept.
            Event::Scalar(text, ..) => self.scalar(&text, mark),
            Event::Alias(_) => {
                self.value(KeyKind::Leaf);
            }
            _ => {}
        }
    }
}

/// The parser counts characters; ranges are in bytes. Quoted keys start one further on.
fn fix_offsets(text: &str, keys: Vec<(String, KeyKind, usize, usize)>) -> Vec<SopsKey> {
    let mut offsets = CharOffsets::new(text);
    keys.into_iter()
        .map(|(path, kind, char_index, char_len)| {
            let mut start = offsets.byte(char_index);
            if text[start..].starts_with(['"', '\'']) {
                start += 1;
            }
            let name_len: usize = text[start..]
                .chars()
                .take(char_len)
                .map(char::len_utf8)
                .sum();
            let range = TextRange::at(
                TextSize::from(start as u32),
                TextSize::from(name_len as u32),
            );
            SopsKey { path, kind, range }
        })
        .collect()
}

/// Char index → byte offset for indices met mostly in increasing order (the parser's
/// markers): linear over a whole file instead of quadratic.
struct CharOffsets<'t> {
    text: &'t str,
    char_index: usize,
    byte: usize,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str) -> Self {
        CharOffsets {
            text,
            char_index: 0,
            byte: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if char_index < self.char_index {
            *self = CharOffsets::new(self.text);
        }
        let skip = char_index - self.char_index;
        let rest = &self.text[self.byte..];
        self.byte += rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i);
        self.char_index = char_index;
        self.byte
    }
}

fn char_to_byte(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRETS: &str = r#"authelia:
    jwt_secret: ENC[AES256_GCM,data:c2VjcmV0,iv:aXY=,tag:dGFn,type:str]
    "storage_key": ENC[AES256_GCM,data:a2V5,iv:aXY=,tag:dGFn,type:str]
tailscale:
    auth_key: ENC[AES256_GCM,data:dHM=,iv:aXY=,tag:dGFn,type:str]
list_value:
    - ENC[AES256_GCM,data:bA==,iv:aXY=,tag:dGFn,type:str]
sops:
    kms: []
    age:
        - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2026-01-06T10:00:00Z"
    mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]
    version: 3.9.4
"#;

    fn summary(keys: &SopsKeys, text: &str) -> Vec<String> {
        keys.keys
            .iter()
            .map(|k| format!("{} {:?} {:?}", k.path, k.kind, &text[k.range]))
            .collect()
    }

    #[test]
    fn nested_keys_join_with_slash_and_metadata_is_skipped() {
        let keys = read_keys(SECRETS).unwrap();
        assert!(keys.has_sops_metadata);
        assert_eq!(
            summary(&keys, SECRETS),
            [
                "authelia Mapping \"authelia\"",
                "authelia/jwt_secret Leaf \"jwt_secret\"",
                "authelia/storage_key Leaf \"storage_key\"",
                "tailscale Mapping \"tailscale\"",
                "tailscale/auth_key Leaf \"auth_key\"",
                "list_value List \"list_value\"",
            ]
        );
    }

    #[test]
    fn json_sops_files_are_read_too() {
        let text = "{\n  \"data\": { \"api_key\": \"ENC[AES256_GCM,data:eA==,type:str]\" },\n  \"sops\": { \"mac\": \"ENC[x]\", \"version\": \"3.9.4\" }\n}\n";
        let keys = read_keys(text).unwrap();
        assert!(keys.has_sops_metadata);
        assert_eq!(
            keys.leaves().map(|k| k.path.as_str()).collect::<Vec<_>>(),
            ["data/api_key"]
        );
        assert_eq!(&text[keys.get("data/api_key").unwrap().range], "api_key");
    }

    #[test]
    fn plain_yaml_is_not_a_sops_file() {
        let keys = read_keys("a: 1\nb:\n  c: 2\n").unwrap();
        assert!(!keys.has_sops_metadata);
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_position() {
        let err = read_keys("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.message.contains("expected") || !err.message.is_empty());
    }

    #[test]
    fn no_value_survives_the_reader() {
        let keys = read_keys(SECRETS).unwrap();
        let kept = format!("{keys:?}");
        assert!(
            !kept.contains("3.9.4"),
            "metadata values are not kept either"
        );
        for fragment in ["ENC[", "c2VjcmV0", "a2V5", "AES256", "age1q", "BEGIN AGE"] {
            assert!(!kept.contains(fragment), "{fragment} leaked into {kept}");
        }
    }

    #[test]
    fn redacted_text_keeps_keys_and_offsets_but_no_value() {
        let redacted = redact_secret_values(SECRETS);
        assert_eq!(redacted.len(), SECRETS.len());
        let keys = read_keys(SECRETS).unwrap();
        for k in &keys.keys {
            assert_eq!(&redacted[k.range], &SECRETS[k.range]);
        }
        for fragment in ["ENC[", "c2VjcmV0", "AES256", "age1q", "BEGIN AGE", "3.9.4"] {
            assert!(!redacted.contains(fragment), "{fragment} in {redacted}");
        }
    }

    #[test]
    fn example_fleet_secrets_are_read() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/qgroget/secrets/secrets.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let keys = read_keys(&text).unwrap();
        assert!(keys.has_sops_metadata);
        assert!(keys
            .get("authelia/jwt_secret")
            .is_some_and(|k| k.kind == KeyKind::Leaf));
        assert_eq!(keys.leaves().count(), 23);
    }
}

/// The creation rules of a `.sops.yaml`: the `path_regex` of each (`None` matches every
/// file) and where it is written. Only public keys live in that file; nothing is secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CreationRules {
    pub rules: Vec<(Option<String>, TextSize)>,
}

impl CreationRules {
    /// Whether some rule covers the file, named relative to the flake root or absolutely.
    pub fn covers(&self, relative: &str, absolute: &str) -> Result<bool, (String, TextSize)> {
        for (pattern, offset) in &self.rules {
            let Some(pattern) = pattern else {
                return Ok(true);
            };
            let re = regex::Regex::new(pattern).map_err(|e| {
                // The last line of regex's report says what is wrong.
                let text = e.to_string();
                let why = text.lines().last().unwrap_or_default();
                (why.trim_start_matches("error: ").to_string(), *offset)
            })?;
            if re.is_match(relative) || re.is_match(absolute) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Reads the `creation_rules` of a `.sops.yaml`.
pub(crate) fn read_creation_rules(text: &str) -> Result<CreationRules, SopsSyntaxError> {
    let docs = yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| SopsSyntaxError {
        offset: TextSize::from(char_to_byte(text, e.marker().index()) as u32),
        message: e.info().to_string(),
    })?;
    let mut out = CreationRules::default();
    let Some(doc) = docs.first() else {
        return Ok(out);
    };
    let Some(rules) = doc["creation_rules"].as_vec() else {
        return Ok(out);
    };
    for rule in rules {
        let pattern = rule["path_regex"].as_str().map(str::to_string);
        let offset = pattern.as_deref().and_then(|p| text.find(p)).unwrap_or(0);
        out.rules.push((pattern, TextSize::from(offset as u32)));
    }
    Ok(out)
}

/// The creation rules of a `.sops.yaml` in the flake, as a query.
#[salsa::tracked(returns(ref))]
pub fn creation_rules(db: &dyn Db, file: SourceFile) -> Result<CreationRules, SopsSyntaxError> {
    read_creation_rules(file.text(db))
}
