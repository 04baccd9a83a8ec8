//! `qg.toml` at the flake root: rule levels, excluded paths, packs, and where the flake's
//! inputs are read from.
//!
//! ```toml
//! exclude = ["hosts/old/**"]
//! packs = ["queries"]         # the fleet's own knowledge packs (files or directories)
//!
//! [rules]
//! QG003 = "allow"             # by id
//! undefined-variable = "deny" # or by name
//!
//! [inputs]
//! secrets = "../secrets"      # an input's source folder (or `path:` reference), relative
//! "home-manager/nixpkgs" = "/src/nixpkgs"  # to the flake root; as --override-input
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::rule::{Level, RuleId};

pub const CONFIG_FILE: &str = "qg.toml";

/// The effective configuration of one flake.
#[derive(Debug, Clone, Default)]
pub struct Config {
    levels: HashMap<RuleId, Level>,
    exclude: Option<GlobSet>,
    /// The patterns as written, for display.
    pub exclude_patterns: Vec<String>,
    /// `packs` as written: paths of the fleet's packs, relative to the flake root.
    pub pack_paths: Vec<(String, usize)>,
    /// The fleet's own knowledge packs as read from disk (see [`Config::load_packs`]);
    /// `qg-nixos` parses them after its built-in packs.
    pub pack_files: Vec<PackFile>,
    /// Where the flake's locked inputs are read from, and its `flake.lock`.
    pub inputs: InputSettings,
    /// A classic NixOS configuration to check as the one host (`--nixos-config FILE`),
    /// relative to the root; set by programs, not by `qg.toml`.
    pub nixos_config: Option<String>,
}

/// Where a flake's inputs are read from: overrides (`[inputs]` of `qg.toml`, then
/// `--override-input`, the last one of a name winning), a chroot store (`--store DIR`), and
/// the text of the flake's `flake.lock` (read with the configuration, so that a change of
/// the lock is a change of the configuration).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct InputSettings {
    /// `(input path, folder)`: `secrets`, `home-manager/nixpkgs`; folders are absolute once
    /// [`Config::resolve_inputs`] ran (`qg.toml` gives them relative to the flake root).
    pub overrides: Vec<(String, PathBuf)>,
    /// The 1-based line of each `qg.toml` override, for errors.
    pub override_lines: Vec<usize>,
    /// A chroot store: store paths stay `/nix/store/...`, their files lie under
    /// `DIR/nix/store/...`.
    pub store: Option<PathBuf>,
    /// The text of `flake.lock`, when the flake has one.
    pub lock: Option<Arc<str>>,
}

/// One knowledge pack file of the fleet: its path as shown to the user and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackFile {
    pub shown: String,
    pub text: String,
}

impl PartialEq for Config {
    fn eq(&self, other: &Config) -> bool {
        self.levels == other.levels
            && self.exclude_patterns == other.exclude_patterns
            && self.pack_files == other.pack_files
            && self.inputs == other.inputs
            && self.nixos_config == other.nixos_config
    }
}

impl Eq for Config {}

/// A `qg.toml` (or a pack it names) that cannot be used, with the 1-based line of the
/// offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// `qg.toml`, or the pack's path relative to the flake root.
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    packs: Vec<Spanned<String>>,
    #[serde(default)]
    inputs: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            file: CONFIG_FILE.into(),
            line: e.span().map_or(1, |s| line_of(s.start)),
            message: e.message().trim().to_string(),
        })?;
        let mut config = Config::default();
        for (key, value) in &raw.rules {
            let rule = RuleId::lookup(key.get_ref()).ok_or_else(|| ConfigError {
                file: CONFIG_FILE.into(),
                line: line_of(key.span().start),
                message: format!("unknown rule `{}` in [rules]", key.get_ref()),
            })?;
            let level = Level::parse(value.get_ref()).ok_or_else(|| ConfigError {
            file: CONFIG_FILE.into(),
                line: line_of(value.span().start),
                message: format!(
                    "`{}` for rule `{}` is not a level: use \"allow\", \"hint\", \"warn\" or \"deny\"",
                    value.get_ref(),
                    key.get_ref()
                ),
            })?;
            config.levels.insert(rule, level);
        }
        config.exclude = Some(build_globs(&raw.exclude, line_of)?);
        config.exclude_patterns = raw.exclude.iter().map(|p| p.get_ref().clone()).collect();
        config.pack_paths = raw
            .packs
            .iter()
            .map(|p| (p.get_ref().clone(), line_of(p.span().start)))
            .collect();
        for (name, path) in &raw.inputs {
            let line = line_of(name.span().start);
            if name.get_ref().is_empty() || name.get_ref().split('/').any(str::is_empty) {
                return Err(ConfigError {
                    file: CONFIG_FILE.into(),
                    line,
                    message: format!("`{}` in [inputs] is not an input name", name.get_ref()),
                });
            }
            config
                .inputs
                .overrides
                .push((name.get_ref().clone(), PathBuf::from(path.get_ref())));
            config.inputs.override_lines.push(line);
        }
        Ok(config)
    }

    /// Makes the `[inputs]` folders absolute (`qg.toml` gives them relative to the flake
    /// root; a `path:` reference loses its prefix and query), reads the flake's
    /// `flake.lock`, and checks that each folder exists.
    pub fn resolve_inputs(&mut self, root: &Path) -> Result<(), ConfigError> {
        let lines = self.inputs.override_lines.clone();
        for (i, (name, folder)) in self.inputs.overrides.iter_mut().enumerate() {
            *folder = input_folder(root, folder);
            if !folder.is_dir() {
                return Err(ConfigError {
                    file: CONFIG_FILE.into(),
                    line: lines.get(i).copied().unwrap_or(1),
                    message: format!(
                        "input `{name}` in [inputs]: {} is not a folder",
                        folder.display()
                    ),
                });
            }
        }
        self.inputs.lock = std::fs::read_to_string(root.join("flake.lock"))
            .ok()
            .map(Arc::from);
        Ok(())
    }

    /// Reads the fleet's packs named in `packs` (a directory means its `*.toml` files,
    /// sorted); `qg-nixos` parses them (and reports their errors) after its built-in ones.
    pub fn load_packs(&mut self, root: &std::path::Path) -> Result<(), ConfigError> {
        for (rel, line) in self.pack_paths.clone() {
            let abs = root.join(&rel);
            let not_readable = |e: std::io::Error| ConfigError {
                file: CONFIG_FILE.into(),
                line,
                message: format!("cannot read pack `{rel}`: {e}"),
            };
            let mut files = Vec::new();
            if abs.is_dir() {
                for entry in std::fs::read_dir(&abs).map_err(not_readable)? {
                    let path = entry.map_err(not_readable)?.path();
                    if path.extension().is_some_and(|e| e == "toml") {
                        files.push(path);
                    }
                }
                files.sort();
            } else {
                files.push(abs);
            }
            for path in files {
                let text = std::fs::read_to_string(&path).map_err(not_readable)?;
                let shown = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                self.pack_files.push(PackFile { shown, text });
            }
        }
        Ok(())
    }

    /// The level the user chose for a rule, or the rule's default.
    pub fn level(&self, rule: RuleId) -> Level {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or(rule.default_level())
    }

    pub fn set_level(&mut self, rule: RuleId, level: Level) {
        self.levels.insert(rule, level);
    }

    /// Whether a path (relative to the flake root) is excluded from reports.
    pub fn is_excluded(&self, rel_path: &str) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(rel_path))
    }
}

/// The folder an input override names: a folder or a `path:` flake reference, relative to
/// `base` unless absolute.
pub fn input_folder(base: &Path, given: &Path) -> PathBuf {
    let text = given.to_string_lossy();
    let plain = match text.strip_prefix("path:") {
        Some(rest) => PathBuf::from(rest.split('?').next().unwrap_or(rest)),
        None => given.to_path_buf(),
    };
    let joined = if plain.is_absolute() {
        plain
    } else {
        base.join(plain)
    };
    joined.canonicalize().unwrap_or_else(|_| {
        // Absent (an error names it): `a/../b` as `b`, without the disk.
        let mut out = PathBuf::new();
        for part in joined.components() {
            match part {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    })
}

fn build_globs(
    patterns: &[Spanned<String>],
    line_of: impl Fn(usize) -> usize,
) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern.get_ref()).map_err(|e| ConfigError {
            file: CONFIG_FILE.into(),
            line: line_of(pattern.span().start),
            message: format!("bad glob in `exclude`: {}", e.kind()),
        })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| ConfigError {
        file: CONFIG_FILE.into(),
        line: 1,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_id_and_name() {
        let config =
            Config::parse("[rules]\nQG003 = \"allow\"\nundefined-variable = \"warn\"\n").unwrap();
        assert_eq!(config.level(RuleId::Qg003), Level::Allow);
        assert_eq!(config.level(RuleId::Qg002), Level::Warn);
        assert_eq!(config.level(RuleId::Qg001), Level::Deny);
    }

    #[test]
    fn exclude_globs() {
        let config = Config::parse("exclude = [\"hosts/old/**\"]\n").unwrap();
        assert!(config.is_excluded("hosts/old/a/configuration.nix"));
        assert!(!config.is_excluded("hosts/new/configuration.nix"));
    }

    #[test]
    fn errors_name_the_key_and_line() {
        let err = Config::parse("\n[rules]\nQG999 = \"deny\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "qg.toml:3: unknown rule `QG999` in [rules]"
        );
        let err = Config::parse("[rules]\nQG002 = \"loud\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("`loud`"), "{err}");
        let err = Config::parse("exclud = []\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("exclud"), "{err}");
        let err = Config::parse("exclude = [\"a\",\n \"[\"]\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn inputs_are_folders_relative_to_the_root() {
        let root = std::env::temp_dir().join(format!("qg-config-inputs-{}", std::process::id()));
        std::fs::create_dir_all(root.join("vendor/secrets")).unwrap();
        let mut config = Config::parse(
            "[inputs]\nsecrets = \"path:./vendor/secrets?dir=x\"\n\"hm/nixpkgs\" = \"vendor\"\n",
        )
        .unwrap();
        config.resolve_inputs(&root).unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(
            config.inputs.overrides,
            vec![
                ("hm/nixpkgs".to_string(), root.join("vendor")),
                ("secrets".to_string(), root.join("vendor/secrets")),
            ]
        );
        let mut missing = Config::parse("\n[inputs]\nsops-nix = \"nowhere\"\n").unwrap();
        let err = missing.resolve_inputs(&root).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("sops-nix"), "{err}");
        let err = Config::parse("[inputs]\n\"a//b\" = \"x\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        let _ = std::fs::remove_dir_all(&root);
    }
}
