//! Rule ids and levels: the stable catalogue of ids, names and default levels that `qg.toml`
//! and every output speak, and the `Rule` description each rule module exports.
//!
//! A rule's documentation is the `//!` doc comment of the module that implements it; it is
//! read from that module's source at compile time, so `qg-check --explain`, `docs/rules/` and
//! the code can never disagree (a test regenerates and compares `docs/rules/`).

use std::fmt;

use crate::diagnostic::Severity;

/// What a user (or the default) wants for a rule: `qg.toml` spells these `allow`, `hint`,
/// `warn` and `deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Allow,
    Hint,
    Warn,
    Deny,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Hint => Some(Severity::Hint),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "allow" => Some(Level::Allow),
            "hint" => Some(Level::Hint),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Hint => "hint",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// Static description of one rule: what a rule module exports as `RULE`. The module's `//!`
/// comment is its documentation; `qg-check --explain` and `docs/rules/` print it.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    /// One line, used in listings and SARIF.
    pub summary: &'static str,
    /// Source text of the implementing module; the doc comment is taken from it.
    pub source: &'static str,
}

impl Rule {
    /// Kebab-case name, accepted wherever an id is.
    pub fn name(&self) -> &'static str {
        self.id.name()
    }

    pub fn default_level(&self) -> Level {
        self.id.default_level()
    }

    /// The rule's documentation page in Markdown (the module's `//!` comment).
    pub fn doc(&self) -> String {
        let mut doc = format!("# {}: {}\n\n", self.id, self.name());
        for line in self.source.lines() {
            let Some(text) = line.trim_start().strip_prefix("//!") else {
                if doc.ends_with("\n\n") && line.trim().is_empty() {
                    continue;
                }
                break;
            };
            doc.push_str(text.strip_prefix(' ').unwrap_or(text));
            doc.push('\n');
        }
        doc.push_str(&format!(
            "\nDefault level: `{}`. Silence one line with `# qg: allow({})`.\n",
            self.default_level().as_str(),
            self.id
        ));
        doc
    }
}

macro_rules! rule_ids {
    ($($variant:ident = $id:literal $name:literal $level:ident,)*) => {
        /// Stable identifier of a rule (`QG` + number), with the name and default level that
        /// `qg.toml` and the output formats use. What a rule finds lives in its own module
        /// (`qg-syntax`'s lints, `qg-checks`' rules), which exports a [`Rule`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId { $($variant,)* }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            /// Kebab-case name, accepted wherever an id is.
            pub fn name(self) -> &'static str {
                match self { $(RuleId::$variant => $name,)* }
            }

            /// The level of the rule when `qg.toml` does not set one.
            pub fn default_level(self) -> Level {
                match self { $(RuleId::$variant => Level::$level,)* }
            }
        }
    };
}

rule_ids! {
    Qg001 = "QG001" "syntax-error" Deny,
    Qg002 = "QG002" "undefined-variable" Deny,
    Qg003 = "QG003" "unused-binding" Warn,
    Qg004 = "QG004" "duplicate-attribute" Deny,
    Qg005 = "QG005" "latent-list-nesting" Warn,
    Qg101 = "QG101" "unknown-option" Deny,
    Qg102 = "QG102" "wrong-type" Deny,
    Qg103 = "QG103" "missing-value" Deny,
    Qg104 = "QG104" "conflicting-definitions" Deny,
    Qg105 = "QG105" "failed-assertion" Deny,
    Qg106 = "QG106" "configuration-warning" Warn,
    Qg107 = "QG107" "missing-import" Deny,
    Qg108 = "QG108" "evaluation-error" Deny,
    Qg109 = "QG109" "nested-list" Deny,
    Qg201 = "QG201" "missing-secret-key" Deny,
    Qg202 = "QG202" "undeclared-secret" Deny,
    Qg203 = "QG203" "unknown-secret-owner" Deny,
    Qg204 = "QG204" "unused-secret-key" Allow,
    Qg205 = "QG205" "no-creation-rule" Warn,
    Qg301 = "QG301" "duplicate-subdomain" Deny,
    Qg302 = "QG302" "duplicate-port" Deny,
    Qg303 = "QG303" "invalid-url" Deny,
    Qg304 = "QG304" "undefined-middleware" Deny,
    Qg305 = "QG305" "unknown-unit" Warn,
    Qg306 = "QG306" "shared-loopback-port" Warn,
    Qg401 = "QG401" "persisted-path" Deny,
    Qg402 = "QG402" "backup-not-persisted" Deny,
    Qg403 = "QG403" "unknown-persisted-owner" Deny,
}

impl RuleId {
    /// Finds a rule by id (`QG002`, case-insensitive) or name (`undefined-variable`).
    pub fn lookup(text: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|id| id.as_str().eq_ignore_ascii_case(text) || id.name() == text)
    }
}

/// `QG002` (any case) or `undefined-variable`.
impl std::str::FromStr for RuleId {
    type Err = ();

    fn from_str(text: &str) -> Result<RuleId, ()> {
        RuleId::lookup(text).ok_or(())
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
