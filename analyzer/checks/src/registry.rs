//! The rule registry: every rule id to the [`Rule`] its module exports, for `--explain`,
//! `--list-rules`, SARIF and the `docs/rules/` pages (regenerated and compared by a test).

use qg_syntax::{Rule, RuleId, LOCAL_RULES};

/// The description and documentation of a rule.
pub fn rule(id: RuleId) -> &'static Rule {
    match id {
        RuleId::Qg001 | RuleId::Qg002 | RuleId::Qg003 | RuleId::Qg004 | RuleId::Qg005 => {
            LOCAL_RULES
                .into_iter()
                .find(|r| r.id == id)
                .expect("qg-syntax exports its local rules")
        }
        RuleId::Qg101 => &crate::qg101_unknown_option::RULE,
        RuleId::Qg102 => &crate::qg102_wrong_type::RULE,
        RuleId::Qg103 => &crate::qg103_missing_value::RULE,
        RuleId::Qg104 => &crate::qg104_conflicting_definitions::RULE,
        RuleId::Qg105 => &crate::qg105_failed_assertion::RULE,
        RuleId::Qg106 => &crate::qg106_warning::RULE,
        RuleId::Qg107 => &crate::qg107_missing_import::RULE,
        RuleId::Qg108 => &crate::qg108_evaluation_error::RULE,
        RuleId::Qg109 => &crate::qg109_nested_list::RULE,
        RuleId::Qg201 => &crate::qg201_missing_secret_key::RULE,
        RuleId::Qg202 => &crate::qg202_undeclared_secret::RULE,
        RuleId::Qg203 => &crate::qg203_unknown_secret_owner::RULE,
        RuleId::Qg204 => &crate::qg204_unused_secret_key::RULE,
        RuleId::Qg205 => &crate::qg205_no_creation_rule::RULE,
        RuleId::Qg301 => &crate::qg301_duplicate_subdomain::RULE,
        RuleId::Qg302 => &crate::qg302_duplicate_port::RULE,
        RuleId::Qg303 => &crate::qg303_invalid_url::RULE,
        RuleId::Qg304 => &crate::qg304_undefined_middleware::RULE,
        RuleId::Qg305 => &crate::qg305_unknown_unit::RULE,
        RuleId::Qg306 => &crate::qg306_shared_loopback_port::RULE,
        RuleId::Qg401 => &crate::qg401_persisted_path::RULE,
        RuleId::Qg402 => &crate::qg402_backup_not_persisted::RULE,
        RuleId::Qg403 => &crate::qg403_unknown_persisted_owner::RULE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/rules/<ID>.md` is generated from the rule modules' doc comments; run with
    /// `UPDATE_EXPECT=1` to rewrite the pages after editing a doc comment.
    #[test]
    fn rule_pages_match_doc_comments() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
        for id in RuleId::ALL {
            let page = dir.join(format!("{id}.md"));
            expect_test::expect_file![page].assert_eq(&rule(*id).doc());
        }
    }

    #[test]
    fn every_rule_knows_its_own_id_and_has_a_doc() {
        for id in RuleId::ALL {
            let rule = rule(*id);
            assert_eq!(rule.id, *id);
            assert!(
                rule.doc().contains("## What it finds"),
                "{id} lacks a doc comment"
            );
            assert_eq!(RuleId::lookup(rule.name()), Some(*id));
        }
    }
}
