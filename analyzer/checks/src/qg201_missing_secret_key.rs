//! ## What it finds
//! A sops-nix secret (`sops.secrets.<name>` of a host, or of a home-manager user with
//! sops-nix's home-manager module) whose key is not in its sops file: the key is
//! the secret's `key` if set, else its name (nested YAML/JSON keys joined with `/`); the
//! file is its `sopsFile`, else `sops.defaultSopsFile`. Also a sops file that a secret reads
//! but that is not valid YAML/JSON or has no SOPS metadata. Secrets in `binary`, `dotenv` or
//! `ini` format, with `key = ""`, or with a file qg cannot know are not checked.
//!
//! ## Why it matters
//! The build succeeds; the host fails at activation (`sops-install-secrets: ... the key
//! 'authelia/jwt_secret' cannot be found`) and every service using the secret is left
//! without it (a user's secret: the user's sops-nix service fails the same way). A typo in
//! a secret name is found only on the machine, at deploy time.
//!
//! ## Example
//! ```nix
//! # secrets/secrets.yaml has authelia: { jwt_secret: ENC[...] }
//! sops.secrets."authelia/jwt_secert".owner = "authelia";
//! ```
//!
//! ## Severity
//! An error: with `validateSopsFiles` (the default) the build of the secrets manifest
//! fails on a missing key; without it, activation fails to install the secret. Secrets
//! whose file or key qg cannot know (a path computed at run time, `binary`, `dotenv`,
//! `ini`, `key = ""`) are silent.
//!
//! ## Fix
//! Correct the name (qg suggests the closest key of the file), set `key` to the key in the
//! file, or add the secret with `sops secrets/secrets.yaml`.

use rowan::{TextRange, TextSize};

use qg_nixos::{sops_keys, DeclaredSecret};
use qg_syntax::{suggest, Cutoff, Diagnostic, RelPath, Rule, RuleId, Span, Workspace};

use crate::Db;

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg201,
    summary: "a sops-nix secret whose key is not in its sops file",
    source: include_str!("qg201_missing_secret_key.rs"),
};

/// The QG201 findings of one evaluated host.
pub(crate) fn check_host(
    db: &dyn Db,
    workspace: Workspace,
    secrets: &[DeclaredSecret],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for secret in secrets {
        let (Some(decl), Some(key), Some(rel)) = (&secret.decl, &secret.key, &secret.file) else {
            continue;
        };
        let Some(file) = workspace.file(db, rel) else {
            continue;
        };
        let file_path = RelPath::from(rel.as_str());
        let keys = match sops_keys(db, file) {
            Ok(keys) => keys,
            Err(e) => {
                let d = Diagnostic::new(
                    RuleId::Qg201,
                    Span {
                        file: file_path,
                        range: TextRange::empty(e.offset),
                    },
                    format!(
                        "sops file `{rel}` is not valid YAML or JSON ({}); its secrets cannot be read",
                        e.message
                    ),
                );
                if !out.contains(&d) {
                    out.push(d);
                }
                continue;
            }
        };
        if !keys.has_sops_metadata {
            let d = Diagnostic::new(
                RuleId::Qg201,
                Span {
                    file: file_path,
                    range: TextRange::empty(TextSize::from(0)),
                },
                format!(
                    "`{rel}` has no SOPS metadata (a top-level `sops` mapping): it is not encrypted with sops, and sops-nix cannot decrypt it"
                ),
            );
            if !out.contains(&d) {
                out.push(d);
            }
            continue;
        }
        if keys.get(key).is_some() {
            continue;
        }
        let paths = keys.leaves().map(|k| k.path.as_str());
        let closest = suggest(key, paths, Cutoff::AtLeastThree, 1)
            .first()
            .and_then(|c| keys.leaves().find(|k| k.path == *c));
        let what = if secret.has_key {
            format!("secret `{}` reads key `{key}`", secret.name)
        } else {
            format!("secret `{key}`")
        };
        let message = format!("{what}, which is not in sops file `{rel}`");
        let mut d = Diagnostic::new(RuleId::Qg201, decl.clone(), message);
        if let Some(c) = closest {
            d = d.with_suggestion(c.path.clone());
            d = d.with_related(
                Span {
                    file: file_path.clone(),
                    range: c.range,
                },
                format!("`{}` is the closest key of the file", c.path),
            );
            // With `key` set the name is not the key: only the name is written here.
            let text = workspace.file(db, &decl.file).map(|f| f.text(db).clone());
            let written = text.as_deref().and_then(|t| {
                t.get(usize::from(decl.range.start())..usize::from(decl.range.end()))
            });
            let fix = written.and_then(|w| super::support::string_fix(w, decl, key, &c.path));
            if let Some(fix) = fix.filter(|_| !secret.has_key) {
                d = d.with_fix(fix);
            }
        }
        out.push(d);
    }
    out
}
