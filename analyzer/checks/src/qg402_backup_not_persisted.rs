//! ## What it finds
//! On a host whose root file system is wiped at boot (it persists state with impermanence,
//! or `/` is a tmpfs), a backup path (`qgroget.services.<n>.backupDirectories`,
//! `qgroget.backups.<n>.paths`) that lies neither in a persisted directory
//! (`environment.persistence`, `persistedData`) nor on another file system (`fileSystems`,
//! disko mount points such as `/mnt/data` or `/persist`).
//!
//! ## Why it matters
//! The service writes there, the backup runs, and both look fine until the first reboot:
//! the directory is then empty, and so is every backup taken after it.
//!
//! ## Example
//! ```nix
//! environment.persistence."/persist".directories = ["/var/lib/jellyfin"];
//! qgroget.services.immich.backupDirectories = ["/var/lib/immich"];
//! ```
//!
//! ## Severity
//! A warning: the backup still runs, and a path a service fills before each backup (a
//! database dump directory) may rightly be ephemeral; but most often the state that should
//! survive is lost at every reboot. Silent when the persisted paths or mounts of the host
//! are not all known (a value or a module qg cannot see).
//!
//! ## Fix
//! Persist the directory (add it to the service's `persistedData`; qg offers to add it to
//! `environment.persistence` in the module), or back up the persisted place instead.

use qg_nixos::Relation;
use qg_syntax::{Diagnostic, Rule, RuleId};

use super::qg401_persisted_path::{normalize, PathIndex};
use super::support::HostCheck;

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg402,
    summary: "a backup path that an ephemeral root wipes at boot",
    source: include_str!("qg402_backup_not_persisted.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let facts = check.facts;
    if facts.entities_of("ephemeral-root").next().is_none() {
        return Vec::new();
    }
    let mut places: Vec<(&str, PathIndex<'_>)> = Vec::new();
    let mut out = Vec::new();
    for r in &facts.references {
        if r.rule != RuleId::Qg402 || r.relation != Relation::Under {
            continue;
        }
        let Some(span) = &r.span else { continue };
        if !r.kinds.iter().all(|k| check.complete(k)) || !r.name.starts_with('/') {
            continue;
        }
        let path = normalize(&r.name);
        let covered = r.kinds.iter().any(|k| {
            if !places.iter().any(|(kind, _)| kind == k) {
                places.push((k, PathIndex::new(facts.entities_of(k))));
            }
            let (_, index) = places
                .iter()
                .find(|(kind, _)| kind == k)
                .expect("just added");
            index.above(&path, true, false).is_some()
        });
        if !covered {
            let fix = persist_fix(check, span, &path);
            let message = format!(
                "backup path `{}` is wiped at every boot: it is in no persisted directory and on no file system but the ephemeral root",
                r.name
            );
            let mut d = Diagnostic::new(RuleId::Qg402, span.clone(), message);
            d.severity = qg_syntax::Severity::Warning;
            if let Some(fix) = fix {
                d = d.with_fix(fix);
            }
            out.push(d);
        }
    }
    out
}

/// Persists `path` under the host's impermanence root, in the module that names it.
fn persist_fix(
    check: &HostCheck<'_>,
    span: &qg_syntax::Span,
    path: &str,
) -> Option<qg_syntax::Fix> {
    let root = check
        .facts
        .entities_of("ephemeral-root")
        .find(|e| e.at.starts_with("environment.persistence."))?;
    let file = check.file(&span.file)?;
    let tree = qg_syntax::parse(check.db, file).root();
    let line = format!(
        "environment.persistence.{:?}.directories = [ {:?} ];",
        root.name, path
    );
    let edit = super::support::insert_definition(
        rowan::ast::AstNode::syntax(&tree),
        &span.file,
        file.text(check.db),
        &line,
    )?;
    Some(qg_syntax::Fix {
        title: format!("Persist `{path}` in `{}`", root.name),
        edits: vec![edit],
    })
}
