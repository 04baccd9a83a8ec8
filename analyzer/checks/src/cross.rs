//! The cross-reference rules (QG201, QG203–QG205, QG301–QG306, QG401–QG403) as queries.
//!
//! They run on what each host's evaluation left behind (`HostReport::facts`), never on the
//! evaluator: a change that leaves every host's facts equal re-runs no rule, and an edit of a
//! sops file, which no evaluation reads, re-runs only [`secret_diagnostics`]. Each rule runs
//! per host; a finding on several hosts is reported once, naming them.

use std::collections::BTreeSet;

use qg_nixos::{host_reports, HostReport, HostSecrets};
use qg_syntax::{Diagnostic, Workspace};

use super::support::HostCheck;
use crate::hosts::merge_across_hosts;
use crate::Db;

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
            let check = HostCheck::new(db, workspace, report);
            let found = FACT_RULES.iter().flat_map(|rule| rule(&check)).collect();
            (report, found)
        })
        .collect();
    merge_across_hosts(&per_host)
}

/// The secrets a host declares (when known) and those of its home-manager users.
fn declared_secrets(report: &HostReport) -> impl Iterator<Item = &HostSecrets> {
    report
        .facts
        .secrets
        .iter()
        .chain(report.facts.user_secrets.iter())
}

fn secret_findings(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    let reports = host_reports(db, workspace);
    let per_host: Vec<(&HostReport, Vec<Diagnostic>)> = reports
        .iter()
        .map(|report| {
            let found = declared_secrets(report)
                .flat_map(|s| {
                    super::qg201_missing_secret_key::check_host(db, workspace, &s.secrets)
                })
                .collect();
            (*report, found)
        })
        .collect();
    let mut out = merge_across_hosts(&per_host);
    out.extend(super::qg204_unused_secret_key::check_fleet(
        db, workspace, &reports,
    ));
    let files: BTreeSet<&str> = reports
        .iter()
        .flat_map(|r| declared_secrets(r))
        .flat_map(|s| s.secrets.iter().filter_map(|s| s.any_file.as_deref()))
        .collect();
    out.extend(super::qg205_no_creation_rule::check_files(
        db,
        workspace,
        files.into_iter(),
    ));
    out
}
