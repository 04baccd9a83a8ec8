//! ## What it finds
//! A sops file that a secret of the fleet reads but that no creation rule of the flake's
//! `.sops.yaml` covers (no `path_regex` matches its path). Also a `.sops.yaml` that is not
//! valid YAML, or a `path_regex` that is not a valid regular expression. Silent without a
//! `.sops.yaml` or without `creation_rules`.
//!
//! ## Why it matters
//! sops picks the keys a file is encrypted for from the first creation rule matching its
//! path. With none, `sops updatekeys` and re-creating the file fail ("no matching creation
//! rules found"), so a new host or a rotated key never gets access to these secrets, and
//! the host that needs them fails at activation.
//!
//! ## Example
//! ```yaml
//! # .sops.yaml
//! creation_rules:
//!   - path_regex: secrets/[^/]+\.yaml$
//! ```
//! while `sops.defaultSopsFile = ./secret/server.yaml;`.
//!
//! ## Severity
//! A warning: the host still builds and the secrets decrypt; the file just cannot be
//! re-encrypted for new keys by `sops updatekeys`, and a new secret file of that path gets
//! no recipients. An invalid `.sops.yaml` is reported the same way.
//!
//! ## Fix
//! Move the file where a rule expects it, or add a creation rule for its path.

use rowan::{TextRange, TextSize};

use qg_nixos::creation_rules;
use qg_syntax::{Diagnostic, RelPath, Rule, RuleId, Span, Workspace};

use crate::Db;

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg205,
    summary: "a sops file that no creation rule of .sops.yaml covers",
    source: include_str!("qg205_no_creation_rule.rs"),
};

const SOPS_CONFIG: &str = ".sops.yaml";

/// QG205 for the sops files the fleet's secrets read.
pub(crate) fn check_files<'a>(
    db: &dyn Db,
    workspace: Workspace,
    files: impl Iterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let Some(config) = workspace.file(db, SOPS_CONFIG) else {
        return Vec::new();
    };
    let at = |offset: TextSize| Span {
        file: RelPath::from(SOPS_CONFIG),
        range: TextRange::empty(offset),
    };
    let rules = match creation_rules(db, config) {
        Ok(rules) => rules,
        Err(e) => {
            let message = format!("`{SOPS_CONFIG}` is not valid YAML ({})", e.message);
            return vec![Diagnostic::new(RuleId::Qg205, at(e.offset), message)];
        }
    };
    if rules.rules.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for file in files {
        let absolute = workspace.root(db).join(file);
        match rules.covers(file, &absolute.to_string_lossy()) {
            Ok(true) => {}
            Ok(false) => {
                let message = format!(
                    "no creation rule of `{SOPS_CONFIG}` covers `{file}`: sops cannot re-encrypt it for new keys"
                );
                out.push(Diagnostic::new(
                    RuleId::Qg205,
                    Span {
                        file: RelPath::from(file),
                        range: TextRange::empty(TextSize::from(0)),
                    },
                    message,
                ));
            }
            Err((why, offset)) => {
                let message = format!(
                    "a `path_regex` of `{SOPS_CONFIG}` is not a valid regular expression: {why}"
                );
                return vec![Diagnostic::new(RuleId::Qg205, at(offset), message)];
            }
        }
    }
    out
}
