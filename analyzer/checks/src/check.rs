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
            let severity = config.level(d.rule).severity()?;
            Some(Diagnostic {
                severity,
                ..d.clone()
            })
        })
        .collect();
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
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
