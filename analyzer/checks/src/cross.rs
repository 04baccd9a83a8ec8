//! The cross-reference rules (QG201, QG203–QG205, QG301–QG306, QG401–QG403) as queries.
//!
//! They run on what each host's evaluation left behind (`HostReport::facts`), never on the
//! evaluator: a change that leaves every host's facts equal re-runs no rule, and an edit of a
//! sops file, which no evaluation reads, re-runs only [`secret_diagnostics`]. Each rule runs
//! per host; a finding on several hosts is reported once, naming them.

use std::collections::{BTreeMap, BTreeSet};

use rowan::TextRange;

use crate::Db;
use qg_nixos::HostFacts;
use qg_nixos::WorkspaceLoader;
use qg_nixos::{host_reports, HostReport};
use qg_syntax::Workspace;
use qg_syntax::{Diagnostic, RelPath, Span};

use crate::hosts::merge_across_hosts;
use qg_nixos::sops_keys;
use qg_syntax::RuleId;

use super::support::HostCheck;

/// The rules that read only the packs' facts.
const FACT_RULES: &[fn(&HostCheck<'_>) -> Vec<Diagnostic>] = &[
    super::qg203_unknown_secret_owner::check_host,
    super::qg301_duplicate_subdomain::check_host,
    super::qg302_duplicate_port::check_host,
    super::qg303_invalid_url::check_host,
    super::qg304_undefined_middleware::check_host,
    super::qg305_unknown_unit::check_host,
    super::qg306_shared_loopback_port::check_host,
    super::qg401_persisted_path::check_host,
    super::qg402_backup_not_persisted::check_host,
    super::qg403_unknown_persisted_owner::check_host,
];

/// Services, routing, units, ports, persistence, backups and secret owners, on every host.
#[salsa::tracked(returns(ref))]
pub fn fleet_diagnostics(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    fleet_findings(db, workspace)
}

/// The secret rules that read sops files: QG201 per host, QG204 and QG205 over the fleet.
#[salsa::tracked(returns(ref))]
pub fn secret_diagnostics(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    secret_findings(db, workspace)
}

/// Every cross-reference rule run again on the hosts' facts (evaluated once and cached),
/// outside salsa's memo: what the benchmark of the rules themselves measures.
pub fn rerun_cross_reference_rules(db: &dyn Db, workspace: Workspace) -> usize {
    fleet_findings(db, workspace).len() + secret_findings(db, workspace).len()
}

fn fleet_findings(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    let reports = host_reports(db, workspace);
    let per_host: Vec<(&HostReport, Vec<Diagnostic>)> = reports
        .into_iter()
        .map(|report| {
            let check = HostCheck::new(db, workspace, &report.facts);
            let found = FACT_RULES.iter().flat_map(|rule| rule(&check)).collect();
            (report, found)
        })
        .collect();
    merge_across_hosts(&per_host)
}

fn secret_findings(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    let loader = WorkspaceLoader::new(db, workspace);
    let reports = host_reports(db, workspace);
    let per_host: Vec<(&HostReport, Vec<Diagnostic>)> = reports
        .iter()
        .map(|report| {
            let found = match &report.facts.secrets {
                Some(s) => super::qg201_missing_secret_key::check_host(db, &loader, &s.secrets),
                None => Vec::new(),
            };
            (*report, found)
        })
        .collect();
    let mut out = merge_across_hosts(&per_host);
    out.extend(unused_keys(db, &loader, &reports));
    let files: BTreeSet<&str> = reports
        .iter()
        .filter_map(|r| r.facts.secrets.as_ref())
        .flat_map(|s| s.secrets.iter().filter_map(|s| s.any_file.as_deref()))
        .collect();
    out.extend(super::qg205_no_creation_rule::check_files(
        db,
        &loader,
        files.into_iter(),
    ));
    out
}

/// QG204: keys of the fleet's sops files that no host's secret reads.
fn unused_keys(
    db: &dyn Db,
    loader: &WorkspaceLoader<'_>,
    reports: &[&HostReport],
) -> Vec<Diagnostic> {
    let mut read: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut read_whole: BTreeSet<&str> = BTreeSet::new();
    for report in reports {
        let facts: &HostFacts = &report.facts;
        let Some(secrets) = facts
            .secrets
            .as_ref()
            .filter(|s| s.complete && !report.incomplete)
        else {
            return Vec::new();
        };
        for s in &secrets.secrets {
            match (&s.any_file, &s.key) {
                (Some(file), _) if s.whole_file => {
                    read_whole.insert(file);
                }
                (Some(file), Some(key)) => {
                    read.entry(file).or_default().insert(key);
                }
                // A secret whose file or key is unknown may read any key.
                _ => return Vec::new(),
            }
        }
    }
    let mut out = Vec::new();
    for (file, keys) in read {
        if read_whole.contains(file) {
            continue;
        }
        let Some(source) = loader.file(file) else {
            continue;
        };
        let Ok(all) = sops_keys(db, source) else {
            continue;
        };
        for key in all.leaves() {
            // Read as itself, or through a secret reading a mapping above it.
            let used = keys.contains(key.path.as_str())
                || key
                    .path
                    .match_indices('/')
                    .any(|(i, _)| keys.contains(&key.path[..i]));
            if !used {
                let message = format!(
                    "key `{}` of `{file}` is read by no secret of any host",
                    key.path
                );
                let span = Span {
                    file: RelPath::from(file),
                    range: TextRange::new(key.range.start(), key.range.end()),
                };
                out.push(Diagnostic::new(RuleId::Qg204, span, message));
            }
        }
    }
    out
}
