//! The findings of each host's evaluation, merged across the hosts of the flake.
//!
//! A host's report (`qg-nixos`) holds what its evaluation found, as data; [`diagnostic`]
//! hands each finding to the rule (QG101–QG109) that words it. QG202 reads the files the
//! host evaluated against the secrets it declares. A finding seen on several hosts is
//! reported once, naming the hosts when only some of those that read its file have it.

use std::collections::HashMap;

use qg_nixos::{flake_hosts, host_report, FindingKind, HostFinding, HostName, HostReport};
use qg_syntax::{Diagnostic, Severity, Workspace};

use crate::support::one_edit;
use crate::{
    qg101_unknown_option, qg102_wrong_type, qg103_missing_value, qg104_conflicting_definitions,
    qg105_failed_assertion, qg106_warning, qg107_missing_import, qg108_evaluation_error,
    qg109_nested_list, Db,
};

/// The diagnostic of one finding of an evaluation, built by its rule.
pub(crate) fn diagnostic(finding: &HostFinding) -> Diagnostic {
    let f = finding;
    match &f.kind {
        FindingKind::UnknownOption {
            option,
            name,
            suggestions,
            ..
        } => qg101_unknown_option::diagnostic(f, option, name, suggestions),
        FindingKind::WrongType {
            option,
            expected,
            value,
            conditional,
        } => qg102_wrong_type::diagnostic(f, option, expected, value, *conditional),
        FindingKind::MissingValue { option, message } => {
            qg103_missing_value::diagnostic(f, option, message)
        }
        FindingKind::Conflict {
            option,
            why,
            value,
            file,
            other_value,
            other_file,
        } => qg104_conflicting_definitions::diagnostic(
            f,
            qg104_conflicting_definitions::Conflict {
                option,
                why: *why,
                value,
                file,
                other_value,
                other_file,
            },
        ),
        FindingKind::FailedAssertion { message } => qg105_failed_assertion::diagnostic(f, message),
        FindingKind::Warning { message } => qg106_warning::diagnostic(f, message),
        FindingKind::MissingImport { path, why } => qg107_missing_import::diagnostic(f, path, *why),
        FindingKind::EvaluationError { message } => qg108_evaluation_error::diagnostic(f, message),
        FindingKind::UnsupportedAttributes { module, attributes } => {
            qg108_evaluation_error::unsupported_attributes(f, module, attributes)
        }
        FindingKind::NestedList {
            option,
            element,
            conditional,
        } => qg109_nested_list::diagnostic(f, option, element, *conditional),
    }
}

/// Whether qg reads the host only partly: a module it cannot read, or entities of some
/// kind it does not all know.
fn read_partly(report: &HostReport) -> bool {
    report.incomplete
        || !report.facts.incomplete.is_empty()
        || report.facts.unmodeled_external(&report.externals).is_some()
}

/// The diagnostic of one finding of `report`'s host. On a host with a module qg cannot
/// read, an undeclared option is reported only when its name is one edit from a declared
/// one, and as a warning: that module may declare options, but hardly a name so close to
/// one the flake declares.
fn host_diagnostic(report: &HostReport, finding: &HostFinding) -> Option<Diagnostic> {
    let d = diagnostic(finding);
    let certain = match &finding.kind {
        FindingKind::UnknownOption { certain, .. } => *certain,
        _ => true,
    };
    if !report.incomplete && certain {
        return Some(d);
    }
    match &finding.kind {
        FindingKind::UnknownOption {
            name, suggestions, ..
        } if !suggestions.first().is_some_and(|s| one_edit(name, s)) => None,
        FindingKind::UnknownOption { .. } => Some(at_most_warning(d)),
        _ => Some(d),
    }
}

pub(crate) fn at_most_warning(mut d: Diagnostic) -> Diagnostic {
    d.severity = d.severity.min(Severity::Warning);
    d
}

/// Diagnostics of findings, in the order every output uses.
fn diagnostics(findings: &[HostFinding]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = findings.iter().map(diagnostic).collect();
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// One host's findings: its evaluation's and QG202's (when its secrets are all known). Its
/// own query, so that an edit re-checks only the hosts whose report it changed.
#[salsa::tracked(returns(ref))]
fn host_diagnostics<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: HostName<'db>,
) -> Vec<Diagnostic> {
    let report = host_report(db, workspace, host);
    let mut out: Vec<Diagnostic> = report
        .findings
        .iter()
        .filter_map(|f| host_diagnostic(report, f))
        .collect();
    if let Some(secrets) = &report.facts.secrets {
        out.extend(crate::qg202_undeclared_secret::check_host(
            db,
            workspace,
            &report.files,
            &secrets.secrets,
            secrets.complete && !report.incomplete,
        ));
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// Every host's findings, each reported once. A finding seen on some but not all of the
/// hosts that read its file says on which: "(on hosts Clovis, Septimius)".
#[salsa::tracked(returns(ref))]
pub fn module_diagnostics(db: &dyn Db, workspace: Workspace) -> Vec<Diagnostic> {
    let hosts = flake_hosts(db, workspace);
    let per_host: Vec<(&HostReport, &Vec<Diagnostic>)> = hosts
        .hosts
        .iter()
        .map(|h| {
            let name = HostName::new(db, h.name.clone());
            let diagnostics = host_diagnostics(db, workspace, name);
            (host_report(db, workspace, name), diagnostics)
        })
        .collect();
    let mut out = diagnostics(&hosts.findings);
    out.extend(merge_across_hosts(&per_host));
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();
    out
}

/// What makes two hosts' findings one.
type MergeKey = (qg_syntax::RuleId, qg_syntax::Span, String);

/// The finding, the hosts it is seen on, and whether all of those are read partly.
type Merged = (Diagnostic, Vec<String>, bool);

/// Findings of several hosts, each once; one seen on some but not all of the hosts that
/// read its file names them.
pub(crate) fn merge_across_hosts<D: AsRef<[Diagnostic]>>(
    per_host: &[(&HostReport, D)],
) -> Vec<Diagnostic> {
    let mut seen_on: HashMap<MergeKey, Merged> = HashMap::new();
    let mut order = Vec::new();
    for (report, diagnostics) in per_host {
        for d in diagnostics.as_ref() {
            let key = (d.rule, d.primary.clone(), d.message.clone());
            let entry = seen_on.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (d.clone(), Vec::new(), false)
            });
            // A did-you-mean may differ by host (each has its own names): one finding,
            // without the suggestion and its fix.
            // A finding surer on one host than on another is reported at the lower level;
            // but a host qg reads only partly (which can only lower a finding) does not
            // lower one that a host it reads completely reports.
            let partly = read_partly(report);
            if entry.1.is_empty() {
                entry.2 = partly;
            } else if entry.2 && !partly {
                entry.0.severity = d.severity;
                entry.2 = false;
            } else if entry.2 == partly {
                entry.0.severity = entry.0.severity.min(d.severity);
            }
            if entry.0.suggestion != d.suggestion {
                entry.0.suggestion = None;
                entry.0.fixes.clear();
            }
            if !entry.1.contains(&report.name) {
                entry.1.push(report.name.clone());
            }
        }
    }
    let mut out = Vec::new();
    for key in order {
        let (mut d, on, _) = seen_on.remove(&key).expect("recorded");
        if let Some(name) = &d.suggestion {
            d.message.push_str(&crate::support::did_you_mean(name));
        }
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
pub(crate) fn file_module_diagnostics(
    db: &dyn Db,
    workspace: Workspace,
    file: &str,
) -> Vec<Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use qg_syntax::{Fix, RelPath, RuleId, Span, TextRange, TextSize};

    fn report(name: &str) -> HostReport {
        HostReport {
            name: name.into(),
            files: vec![RelPath::from("m.nix")],
            ..HostReport::default()
        }
    }

    fn undeclared(suggestion: Option<&str>) -> Diagnostic {
        let span = Span {
            file: RelPath::from("m.nix"),
            range: TextRange::new(TextSize::from(3), TextSize::from(9)),
        };
        let mut d = Diagnostic::new(RuleId::Qg202, span, "`x` is read");
        if let Some(s) = suggestion {
            d = d.with_suggestion(s);
            d = d.with_fix(Fix {
                title: format!("Use `{s}`"),
                edits: Vec::new(),
            });
        }
        d
    }

    fn merged(per_host: &[(&HostReport, Vec<Diagnostic>)]) -> Vec<(String, bool, usize)> {
        merge_across_hosts(per_host)
            .into_iter()
            .map(|d| (d.message, d.suggestion.is_some(), d.fixes.len()))
            .collect()
    }

    #[test]
    fn a_host_read_partly_does_not_lower_a_finding_of_a_host_read_completely() {
        let (a, b, mut partly) = (report("a"), report("b"), report("p"));
        partly.incomplete = true;
        let at = |severity| {
            let mut d = undeclared(None);
            d.severity = severity;
            d
        };
        let severity = |per_host: &[(&HostReport, Vec<Diagnostic>)]| {
            merge_across_hosts(per_host)
                .into_iter()
                .map(|d| d.severity)
                .collect::<Vec<_>>()
        };
        for order in [[0, 1], [1, 0]] {
            let hosts = [
                (&a, vec![at(Severity::Error)]),
                (&partly, vec![at(Severity::Warning)]),
            ];
            let per_host = order.map(|i| hosts[i].clone());
            assert_eq!(severity(&per_host), [Severity::Error]);
        }
        // Hosts read alike: the lower level, as before.
        assert_eq!(
            severity(&[
                (&a, vec![at(Severity::Error)]),
                (&b, vec![at(Severity::Warning)]),
            ]),
            [Severity::Warning]
        );
    }

    #[test]
    fn findings_that_differ_only_in_the_suggestion_are_one_without_it() {
        let (a, b, c) = (report("a"), report("b"), report("c"));
        assert_eq!(
            merged(&[
                (&a, vec![undeclared(Some("y"))]),
                (&b, vec![undeclared(Some("z"))]),
                (&c, vec![undeclared(None)]),
            ]),
            [("`x` is read".to_string(), false, 0)]
        );
        // The same suggestion everywhere stays; on some hosts only, they are named.
        assert_eq!(
            merged(&[
                (&a, vec![undeclared(Some("y"))]),
                (&b, vec![undeclared(Some("y"))]),
                (&c, Vec::new()),
            ]),
            [(
                "`x` is read; did you mean `y`? (on hosts a, b)".to_string(),
                true,
                1
            )]
        );
    }
}
