//! The last stage: every finding of the flake, with `qg.toml` and `# qg: allow` applied.

use qg_syntax::{Diagnostic, RuleId, SourceFile, Workspace};

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
    drop_shapes_seen_by_evaluation(&mut out, index);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// QG005 reads a nested list from the text; QG109 finds it in the evaluated option, with
/// the option, its element type and the hosts it breaks. Where both report a line, QG005
/// would only repeat QG109 less precisely, so it goes (see the QG109 page).
fn drop_shapes_seen_by_evaluation(out: &mut Vec<Diagnostic>, index: &qg_syntax::LineIndex) {
    let evaluated: Vec<u32> = out
        .iter()
        .filter(|d| d.rule == RuleId::Qg109)
        .map(|d| index.line(d.primary.range.start()))
        .collect();
    if evaluated.is_empty() {
        return;
    }
    out.retain(|d| {
        d.rule != RuleId::Qg005 || !evaluated.contains(&index.line(d.primary.range.start()))
    });
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
    fn a_nested_list_seen_by_evaluation_is_reported_once() {
        let text = "a = optional c [ 1 ];\nb = optional d [ 2 ];\n";
        let index = qg_syntax::LineIndex::new(text);
        let at = |rule, offset: u32| {
            let mut d = finding(rule, Severity::Warning);
            d.primary.range = TextRange::empty(offset.into());
            d
        };
        let mut out = vec![
            at(RuleId::Qg005, 4),
            at(RuleId::Qg109, 0),
            at(RuleId::Qg005, 26),
        ];
        drop_shapes_seen_by_evaluation(&mut out, &index);
        let kept: Vec<_> = out
            .iter()
            .map(|d| (d.rule, index.line(d.primary.range.start())))
            .collect();
        assert_eq!(kept, [(RuleId::Qg109, 0), (RuleId::Qg005, 1)]);
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
