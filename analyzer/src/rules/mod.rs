//! The rule catalogue: every rule's id, name, default level and documentation.
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

/// Static description of one rule.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    /// Kebab-case name, accepted wherever an id is.
    pub name: &'static str,
    pub default_level: Level,
    /// One line, used in listings and SARIF.
    pub summary: &'static str,
    /// Source text of the implementing module; the doc comment is taken from it.
    pub source: &'static str,
}

impl Rule {
    /// The rule's documentation page in Markdown (the module's `//!` comment).
    pub fn doc(&self) -> String {
        let mut doc = format!("# {}: {}\n\n", self.id, self.name);
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
            self.default_level.as_str(),
            self.id
        ));
        doc
    }
}

macro_rules! rule_ids {
    ($($variant:ident = $id:literal => $rule:path,)*) => {
        /// Stable identifier of a rule (`QG` + number).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId { $($variant,)* }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            pub fn rule(self) -> &'static Rule {
                match self { $(RuleId::$variant => &$rule,)* }
            }
        }
    };
}

rule_ids! {
    Qg001 = "QG001" => crate::syntax::RULE,
    Qg002 = "QG002" => crate::lint::undefined_variable::RULE,
    Qg003 = "QG003" => crate::lint::unused_binding::RULE,
    Qg004 = "QG004" => crate::lint::duplicate_attribute::RULE,
    Qg101 = "QG101" => crate::checks::qg101_unknown_option::RULE,
    Qg102 = "QG102" => crate::checks::qg102_wrong_type::RULE,
    Qg103 = "QG103" => crate::checks::qg103_missing_value::RULE,
    Qg104 = "QG104" => crate::checks::qg104_conflicting_definitions::RULE,
    Qg105 = "QG105" => crate::checks::qg105_failed_assertion::RULE,
    Qg106 = "QG106" => crate::checks::qg106_warning::RULE,
    Qg107 = "QG107" => crate::checks::qg107_missing_import::RULE,
    Qg108 = "QG108" => crate::checks::qg108_evaluation_error::RULE,
    Qg109 = "QG109" => crate::checks::qg109_nested_list::RULE,
    Qg201 = "QG201" => crate::checks::qg201_missing_secret_key::RULE,
    Qg202 = "QG202" => crate::checks::qg202_undeclared_secret::RULE,
    Qg203 = "QG203" => crate::checks::qg203_unknown_secret_owner::RULE,
    Qg204 = "QG204" => crate::checks::qg204_unused_secret_key::RULE,
    Qg205 = "QG205" => crate::checks::qg205_no_creation_rule::RULE,
    Qg301 = "QG301" => crate::checks::qg301_duplicate_subdomain::RULE,
    Qg302 = "QG302" => crate::checks::qg302_duplicate_port::RULE,
    Qg303 = "QG303" => crate::checks::qg303_invalid_url::RULE,
    Qg304 = "QG304" => crate::checks::qg304_undefined_middleware::RULE,
    Qg305 = "QG305" => crate::checks::qg305_unknown_unit::RULE,
    Qg306 = "QG306" => crate::checks::qg306_shared_loopback_port::RULE,
    Qg401 = "QG401" => crate::checks::qg401_persisted_path::RULE,
    Qg402 = "QG402" => crate::checks::qg402_backup_not_persisted::RULE,
    Qg403 = "QG403" => crate::checks::qg403_unknown_persisted_owner::RULE,
}

impl RuleId {
    /// Finds a rule by id (`QG002`, case-insensitive) or name (`undefined-variable`).
    pub fn lookup(text: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|id| id.as_str().eq_ignore_ascii_case(text) || id.rule().name == text)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/rules/<ID>.md` is generated from the rule modules' doc comments; run with
    /// `UPDATE_EXPECT=1` to rewrite the pages after editing a doc comment.
    #[test]
    fn rule_pages_match_doc_comments() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
        for id in RuleId::ALL {
            let page = dir.join(format!("{id}.md"));
            expect_test::expect_file![page].assert_eq(&id.rule().doc());
        }
    }

    #[test]
    fn every_rule_knows_its_own_id_and_has_a_doc() {
        for id in RuleId::ALL {
            let rule = id.rule();
            assert_eq!(rule.id, *id);
            assert!(
                rule.doc().contains("## What it finds"),
                "{id} lacks a doc comment"
            );
            assert_eq!(RuleId::lookup(rule.name), Some(*id));
        }
    }
}
