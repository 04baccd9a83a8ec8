//! The findings of each host's evaluation, merged across the hosts of the flake.
//!
//! A host's report (`qg-nixos`) holds what its evaluation found; QG202 reads the files the
//! host evaluated against the secrets it declares. A finding seen on several hosts is
//! reported once, naming the hosts when only some of those that read its file have it.

use std::collections::HashMap;

use qg_nixos::{flake_hosts, host_reports, HostReport};
use qg_syntax::{Diagnostic, Workspace};

use crate::Db;

/// One host's findings: its evaluation's and QG202's (when its secrets are all known).
fn host_diagnostics(db: &dyn Db, workspace: Workspace, report: &HostReport) -> Vec<Diagnostic> {
    let mut out = report.diagnostics.clone();
    let secrets = report
        .facts
        .secrets
        .as_ref()
        .filter(|s| s.complete && !report.incomplete);
    if let Some(secrets) = secrets {
        out.extend(crate::qg202_undeclared_secret::check_host(
            db,
            workspace,
            &report.files,
            &secrets.secrets,
        ));
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    out
}

/// Every host's findings, each reported once. A finding seen on some but not all of the
/// hosts that read its file says on which: "(on hosts Clovis, Septimius)".
#[salsa::tracked(returns(ref))]
pub fn module_diagnostics(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    let hosts = flake_hosts(db, workspace);
    let per_host: Vec<(&HostReport, Vec<Diagnostic>)> = host_reports(db, workspace)
        .into_iter()
        .map(|r| (r, host_diagnostics(db, workspace, r)))
        .collect();
    let mut out = hosts.diagnostics.clone();
    out.extend(merge_across_hosts(&per_host));
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();
    out
}

/// Findings of several hosts, each once; one seen on some but not all of the hosts that
/// read its file names them.
pub(crate) fn merge_across_hosts(per_host: &[(&HostReport, Vec<Diagnostic>)]) -> Vec<Diagnostic> {
    let mut seen_on: HashMap<
        (qg_syntax::RuleId, qg_syntax::Span, String),
        (Diagnostic, Vec<String>),
    > = HashMap::new();
    let mut order = Vec::new();
    for (report, diagnostics) in per_host {
        for d in diagnostics {
            // A did-you-mean may differ by host (each has its own names): one finding,
            // without the suggestion.
            let base = d.message.split("; did you mean").next().unwrap_or_default();
            let key = (d.rule, d.primary.clone(), base.to_string());
            let entry = seen_on.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (d.clone(), Vec::new())
            });
            if entry.0.message != d.message {
                entry.0.message = base.to_string();
                entry.0.fixes.clear();
            }
            if !entry.1.contains(&report.name) {
                entry.1.push(report.name.clone());
            }
        }
    }
    let mut out = Vec::new();
    for key in order {
        let (mut d, on) = seen_on.remove(&key).expect("recorded");
        let readers: Vec<&str> = per_host
            .iter()
            .filter(|(r, _)| r.files.contains(&d.primary.file))
            .map(|(r, _)| r.name.as_str())
            .collect();
        if readers.len() > 1 && on.len() < readers.len() {
            let (word, list) = if on.len() == 1 {
                ("host", on[0].clone())
            } else {
                ("hosts", on.join(", "))
            };
            d.message = format!("{} (on {word} {list})", d.message);
        }
        out.push(d);
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();
    out
}

/// The module-system and cross-reference findings located in one file.
pub fn file_module_diagnostics(db: &dyn Db, workspace: Workspace, file: &str) -> Vec<Diagnostic> {
    let cross = crate::cross::fleet_diagnostics(db, workspace);
    let secrets = crate::cross::secret_diagnostics(db, workspace);
    module_diagnostics(db, workspace)
        .iter()
        .chain(cross)
        .chain(secrets)
        .filter(|d| &*d.primary.file == file)
        .cloned()
        .collect()
}
