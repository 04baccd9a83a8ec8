//! The last stage: every finding of the flake, with `qg.toml` and `# qg: allow` applied.

use qg_syntax::{Diagnostic, SourceFile, Workspace};

use crate::Db;

/// Findings of one file after suppression comments and rule levels.
#[salsa::tracked(returns(ref))]
pub fn reported_file_diagnostics(
    db: &dyn Db,
    workspace: Workspace,
    file: SourceFile,
) -> Vec<Diagnostic> {
    let config = workspace.config(db);
    if config.is_excluded(file.path(db)) {
        return Vec::new(); // an excluded file is not even linted
    }
    let mut raw = qg_syntax::lint_diagnostics(db, file).clone();
    raw.extend(crate::hosts::file_module_diagnostics(
        db,
        workspace,
        file.path(db),
    ));
    if raw.is_empty() {
        return Vec::new();
    }
    let text = file.text(db);
    let allows = qg_syntax::allows(text);
    let index = qg_syntax::line_index(db, file);
    let mut out: Vec<Diagnostic> = raw
        .iter()
        .filter(|d| !qg_syntax::is_allowed(d, &allows, index))
        .filter_map(|d| {
            let severity = reported_severity(d, config.level(d.rule).severity()?);
            Some(Diagnostic {
                severity,
                ..d.clone()
            })
        })
        .collect();
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// The severity of a finding under its rule's `configured` level: the level's, unless the
/// rule gave this finding a lower one than its default (a redundant path is a hint where a
/// duplicate is an error), which the level can lower further but never raise.
fn reported_severity(d: &Diagnostic, configured: qg_syntax::Severity) -> qg_syntax::Severity {
    let lowered = d
        .rule
        .default_level()
        .severity()
        .is_some_and(|default| d.severity < default);
    if lowered {
        configured.min(d.severity)
    } else {
        configured
    }
}

/// Every reported finding of the flake, sorted by file and position.
pub fn workspace_diagnostics(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    workspace
        .files(db)
        .iter()
        .flat_map(|&file| {
            reported_file_diagnostics(db, workspace, file)
                .iter()
                .cloned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use qg_syntax::{RelPath, RuleId, Severity, Span, TextRange};

    fn finding(rule: RuleId, severity: Severity) -> Diagnostic {
        let span = Span {
            file: RelPath::from("m.nix"),
            range: TextRange::default(),
        };
        let mut d = Diagnostic::new(rule, span, "x");
        d.severity = severity;
        d
    }

    #[test]
    fn a_finding_lowered_by_its_rule_stays_low_and_levels_apply_to_the_rest() {
        let hint = finding(RuleId::Qg401, Severity::Hint);
        assert_eq!(reported_severity(&hint, Severity::Error), Severity::Hint);
        let error = finding(RuleId::Qg401, Severity::Error);
        assert_eq!(
            reported_severity(&error, Severity::Warning),
            Severity::Warning
        );
        // A rule that warns by default, raised to deny by the user.
        let warning = finding(RuleId::Qg305, Severity::Warning);
        assert_eq!(
            reported_severity(&warning, Severity::Error),
            Severity::Error
        );
    }
}
