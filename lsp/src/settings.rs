//! The `qg` settings section: from `initializationOptions` and `workspace/configuration`.
//!
//! ```json
//! { "host": "server", "rules": { "QG003": "allow", "undefined-variable": "warn" },
//!   "diagnostics": { "debounceMs": 150 },
//!   "inputs": { "secrets": "../secrets", "home-manager/nixpkgs": "/src/nixpkgs" },
//!   "store": "/mnt/other-root" }
//! ```
//! `inputs` and `store` are `qg-check`'s `--override-input` and `--store` (folders relative
//! to the flake root); they win over `[inputs]` of `qg.toml`.
//! Editors send this either as the section itself or wrapped as `{ "qg": { ... } }`; Neovim
//! sends an empty Lua table as `[]`. Unknown keys and bad values are reported, never fatal.

use std::path::{Path, PathBuf};

use serde_json::Value;

use qg_syntax::{Config, Level, RuleId};

/// Effective settings; `Default` is what a client that sends nothing gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Which host of `nixosConfigurations` option-aware features (completion, hover, go to
    /// definition of options) read declarations from; every host's when unset.
    pub host: Option<String>,
    /// Rule levels that override `qg.toml`'s `[rules]`.
    pub rules: Vec<(RuleId, Level)>,
    /// How long typing must pause before diagnostics are recomputed and pushed.
    pub debounce_ms: u64,
    /// Input overrides (`--override-input`): input path and folder.
    pub inputs: Vec<(String, PathBuf)>,
    /// A chroot store (`--store`).
    pub store: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            host: None,
            rules: Vec::new(),
            debounce_ms: 150,
            inputs: Vec::new(),
            store: None,
        }
    }
}

impl Settings {
    /// Reads settings, returning them with a message per ignored key or bad value.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let section = match value {
            Value::Object(map) if map.len() == 1 && map.contains_key("qg") => &map["qg"],
            other => other,
        };
        let map = match section {
            Value::Object(map) => map,
            Value::Null => return (settings, problems),
            Value::Array(items) if items.is_empty() => return (settings, problems),
            _ => {
                problems.push("the `qg` settings must be an object; ignored".to_string());
                return (settings, problems);
            }
        };
        for (key, value) in map {
            match key.as_str() {
                "host" => match value {
                    Value::String(host) => settings.host = Some(host.clone()),
                    Value::Null => {}
                    _ => problems.push("`qg.host` must be a string".to_string()),
                },
                "rules" => settings.rules = rules(value, &mut problems),
                "diagnostics" => {
                    if let Some(ms) = value.get("debounceMs") {
                        match ms.as_u64() {
                            Some(ms) if ms <= 10_000 => settings.debounce_ms = ms,
                            _ => problems.push(
                                "`qg.diagnostics.debounceMs` must be a number of milliseconds up to 10000"
                                    .to_string(),
                            ),
                        }
                    }
                }
                "inputs" => match value {
                    Value::Object(map) => {
                        for (name, path) in map {
                            match path.as_str() {
                                Some(p) => settings.inputs.push((name.clone(), PathBuf::from(p))),
                                None => problems.push(format!(
                                    "`qg.inputs.{name}` must be a folder (a string)"
                                )),
                            }
                        }
                    }
                    Value::Null => {}
                    Value::Array(a) if a.is_empty() => {}
                    _ => problems.push("`qg.inputs` must map input names to folders".to_string()),
                },
                "store" => match value {
                    Value::String(dir) => settings.store = Some(PathBuf::from(dir)),
                    Value::Null => {}
                    _ => problems.push("`qg.store` must be a folder (a string)".to_string()),
                },
                other => problems.push(format!("unknown setting `qg.{other}` ignored")),
            }
        }
        (settings, problems)
    }

    /// `qg.toml`'s configuration with these settings' rule levels and inputs on top (input
    /// folders relative to the flake `root`).
    pub fn apply(&self, base: &Config, root: &Path) -> Config {
        let mut config = base.clone();
        for (rule, level) in &self.rules {
            config.set_level(*rule, *level);
        }
        let inputs = qg_ide::InputArgs {
            overrides: self.inputs.clone(),
            store: self.store.clone(),
            base: root.to_path_buf(),
            nixos_config: None,
        };
        inputs.apply(&mut config);
        config
    }
}

/// The `qg` section of `value`, unwrapped (`{ "qg": { ... } }` or the section itself);
/// `[]` (an empty Lua table) and `null` are empty.
fn section(value: &Value) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("qg") => section(&map["qg"]),
        Value::Array(items) if items.is_empty() => Value::Null,
        other => other.clone(),
    }
}

/// `base` with the keys of `over` replacing its own, recursively for objects: settings the
/// editor pulls or pushes later refine `initializationOptions` instead of erasing them.
pub fn merge(base: &Value, over: &Value) -> Value {
    match (section(base), section(over)) {
        (Value::Object(mut base), Value::Object(over)) => {
            for (key, value) in over {
                let merged = match base.get(&key) {
                    Some(old) if old.is_object() && value.is_object() => merge(old, &value),
                    _ => value,
                };
                base.insert(key, merged);
            }
            Value::Object(base)
        }
        (base, Value::Null) => base,
        (_, over) => over,
    }
}

fn rules(value: &Value, problems: &mut Vec<String>) -> Vec<(RuleId, Level)> {
    let Some(map) = value.as_object() else {
        if !matches!(value, Value::Array(a) if a.is_empty()) && !value.is_null() {
            problems.push("`qg.rules` must map rule ids or names to levels".to_string());
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (rule, level) in map {
        let Some(id) = RuleId::lookup(rule) else {
            problems.push(format!("unknown rule `{rule}` in `qg.rules` ignored"));
            continue;
        };
        match level.as_str().and_then(Level::parse) {
            Some(level) => out.push((id, level)),
            None => problems.push(format!(
                "`qg.rules.{rule}` must be \"allow\", \"hint\", \"warn\" or \"deny\""
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrapped_bare_and_empty() {
        let (s, p) =
            Settings::from_json(&json!({"qg": {"host": "server", "rules": {"QG003": "allow"}}}));
        assert_eq!(s.host.as_deref(), Some("server"));
        assert_eq!(s.rules, [(RuleId::Qg003, Level::Allow)]);
        assert!(p.is_empty());
        let (s, p) = Settings::from_json(
            &json!({"rules": {"undefined-variable": "warn"}, "diagnostics": {"debounceMs": 0}}),
        );
        assert_eq!(s.rules, [(RuleId::Qg002, Level::Warn)]);
        assert_eq!(s.debounce_ms, 0);
        assert!(p.is_empty());
        assert_eq!(Settings::from_json(&json!([])).0, Settings::default());
        assert_eq!(Settings::from_json(&Value::Null).0, Settings::default());
    }

    #[test]
    fn later_settings_refine_initialization_options() {
        let init = json!({"rules": {"QG002": "allow", "QG004": "hint"}, "host": "a"});
        let merged = merge(&init, &json!({"qg": {"rules": {"QG004": "allow"}}}));
        assert_eq!(
            merged,
            json!({"rules": {"QG002": "allow", "QG004": "allow"}, "host": "a"})
        );
        assert_eq!(merge(&init, &Value::Null), init);
        assert_eq!(merge(&json!([]), &json!([])), Value::Null);
    }

    #[test]
    fn inputs_and_store_are_taken_from_the_root() {
        let (s, p) = Settings::from_json(
            &json!({"inputs": {"secrets": "../secrets", "hm/nixpkgs": "/src/nixpkgs"}, "store": "/mnt"}),
        );
        assert!(p.is_empty(), "{p:?}");
        let config = s.apply(&Config::default(), Path::new("/flake"));
        assert_eq!(
            config.inputs.overrides,
            vec![
                ("secrets".to_string(), PathBuf::from("/secrets")),
                ("hm/nixpkgs".to_string(), PathBuf::from("/src/nixpkgs")),
            ]
        );
        assert_eq!(config.inputs.store.as_deref(), Some(Path::new("/mnt")));
        let (_, p) = Settings::from_json(&json!({"inputs": {"a": 1}, "store": 2}));
        assert_eq!(p.len(), 2, "{p:?}");
    }

    #[test]
    fn problems_are_named() {
        let (s, p) =
            Settings::from_json(&json!({"rules": {"QG999": "deny", "QG002": "loud"}, "colour": 1}));
        assert!(s.rules.is_empty());
        assert_eq!(p.len(), 3, "{p:?}");
    }
}
