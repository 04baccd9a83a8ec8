//! ## What it finds
//! A key of a sops file that no secret of any host reads: no `sops.secrets.<n>` with that
//! name (or `key`) whose sops file is this one, of a host or of one of its home-manager
//! users. Off by default (a hint when enabled): a
//! key may be kept for a host that is not in the flake yet. Only files that some secret of
//! the fleet reads are looked at, and only when every host's secrets are known.
//!
//! ## Why it matters
//! A left-over key is a credential still valid somewhere, still re-encrypted for every
//! recipient, and easy to mistake for the one in use.
//!
//! ## Example
//! ```yaml
//! # secrets/secrets.yaml
//! old_service:
//!     token: ENC[...]
//! ```
//!
//! ## Severity
//! A hint, and only when enabled (off by default): an unused key breaks nothing, and may
//! be kept for a host that is not in the flake yet.
//!
//! ## Fix
//! Remove the key with `sops secrets/secrets.yaml` (revoke the credential first), or
//! declare the secret on the host that needs it.

use std::collections::{BTreeMap, BTreeSet};

use rowan::TextRange;

use qg_nixos::{sops_keys, HostFacts, HostReport};
use qg_syntax::{Diagnostic, RelPath, Rule, RuleId, Span, Workspace};

use crate::Db;

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg204,
    summary: "a key of a sops file that no host declares as a secret",
    source: include_str!("qg204_unused_secret_key.rs"),
};

/// Keys of the fleet's sops files that no host's secret reads.
pub(crate) fn check_fleet(
    db: &dyn Db,
    workspace: Workspace,
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
        // A home-manager user's secrets read keys too; one not all known may read any.
        if facts.user_secrets.iter().any(|u| !u.complete) {
            return Vec::new();
        }
        let users = facts.user_secrets.iter().flat_map(|u| &u.secrets);
        for s in secrets.secrets.iter().chain(users) {
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
        let Some(source) = workspace.file(db, file) else {
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
