//! Values, definitions and secrets of one host, as plain data for IDE features (hover values,
//! go to definition of `config.a.b`, inlay hints, secret navigation).
//!
//! Each function evaluates the host once, as [`super::show_option`] does: [`evaluate_values`]
//! for many paths at a time (the IDE caches it per file), [`option_definitions`] and
//! [`host_secret_list`] as salsa queries, kept until a file the host reads changes. Values are
//! printed short (a bounded walk that stops forcing once the text is long enough) and never
//! show anything read from a sops file.

use std::rc::Rc;

use qg_eval::{Evaluator, Sym, Value};
use qg_syntax::{Span as FileSpan, Workspace};

use super::config::ModuleSet;
use super::definitions::discharge_all;
use super::report::flake_span;
use super::source::WorkspaceLoader;
use super::{flake_hosts, host_report, run_host, with_flake, HostName};
use crate::Db;

/// Longest printed value; longer ones end in `…`.
pub(crate) const MAX_VALUE_CHARS: usize = 100;

/// Longest scalar an inlay hint shows.
pub const MAX_HINT_CHARS: usize = 40;

/// The merged value at a path of a host's `config`, printed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValueText {
    /// One line, at most [`MAX_VALUE_CHARS`] characters (cut with `…`).
    pub text: String,
    /// A known string, number, boolean or path, printed whole (what an inlay hint may show).
    pub scalar: bool,
    /// Unknown to qg (declared outside the flake, an input, `pkgs`...).
    pub unknown: bool,
}

/// The host whose evaluation IDE features use for `file`: `selected` when the flake has it,
/// else the first host (in `nixosConfigurations` order) whose evaluation reads the file.
pub fn file_host(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    file: &str,
) -> Option<String> {
    let hosts = &flake_hosts(db, workspace).hosts;
    if let Some(name) = selected {
        if hosts.iter().any(|h| &*h.name == name) {
            return Some(name.to_string());
        }
    }
    hosts
        .iter()
        .find(|h| {
            let report = host_report(db, workspace, HostName::new(db, h.name.to_string()));
            report
                .files
                .iter()
                .chain(&report.home_files)
                .any(|f| &**f == file)
        })
        .map(|h| h.name.to_string())
}

/// The option path under which `host` evaluates `file` as a module, when that is not the
/// host's root: `["home-manager", "users", "alice"]` for a home-manager user's `home.nix`
/// (the first such evaluation); `None` for a module of the host itself (or a file no
/// module is written in). IDE features put it before the paths written in the file.
pub fn file_module_prefix(
    db: &dyn Db,
    workspace: Workspace,
    host: &str,
    file: &str,
) -> Option<Vec<String>> {
    let report = host_report(db, workspace, HostName::new(db, host.to_string()));
    let prefixes = &report.module_prefixes;
    if prefixes.iter().any(|(f, p)| f == file && p.is_empty()) {
        return None;
    }
    prefixes
        .iter()
        .find(|(f, _)| f == file)
        .map(|(_, p)| p.clone())
}

/// The values at `paths` of `host`'s `config` (`None` where nothing is declared or defined),
/// from one evaluation of the host. Not cached: callers cache per file (see
/// `ide::values`), so that hover and inlay hints of a file share one evaluation.
pub fn evaluate_values(
    db: &dyn Db,
    workspace: Workspace,
    host: &str,
    paths: &[Vec<String>],
) -> Vec<Option<ValueText>> {
    with_host(
        db,
        workspace,
        host,
        vec![None; paths.len()],
        |ev, _, root| {
            paths
                .iter()
                .map(|path| {
                    let path: Vec<Sym> = path.iter().map(|s| Sym::from(s.as_str())).collect();
                    let value = value_at(ev, root, &path)?;
                    Some(print_value_text(ev, &value))
                })
                .collect()
        },
    )
}

/// Evaluates `host` and runs `f` on its root module set; `otherwise` when the flake or the
/// host does not evaluate.
fn with_host<R>(
    db: &dyn Db,
    workspace: Workspace,
    host: &str,
    otherwise: R,
    f: impl FnOnce(&mut Evaluator<'_>, &WorkspaceLoader<'_>, &Rc<ModuleSet>) -> R,
) -> R {
    with_flake(db, workspace, |ev, loader, flake| {
        let Ok(Some(flake)) = flake else {
            return otherwise;
        };
        let Some(entry) = flake.entries.iter().find(|e| *e.name == *host) else {
            return otherwise;
        };
        match run_host(ev, loader, &flake, entry) {
            Ok(Some(run)) => f(ev, loader, &run.root),
            _ => otherwise,
        }
    })
}

/// Where the option at `path` is defined on `host`, in the flake (defaults left out), in
/// merge order.
pub fn option_definitions(
    db: &dyn Db,
    workspace: Workspace,
    host: &str,
    path: Vec<String>,
) -> Vec<FileSpan> {
    definitions_query(db, workspace, HostName::new(db, host.to_string()), path).clone()
}

#[salsa::tracked(returns(ref))]
fn definitions_query<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: HostName<'db>,
    path: Vec<String>,
) -> Vec<FileSpan> {
    with_host(
        db,
        workspace,
        host.name(db),
        Vec::new(),
        |ev, loader, root| {
            let path: Vec<Sym> = path.iter().map(|s| Sym::from(s.as_str())).collect();
            // Forcing the value first creates the submodule instances the definitions live in.
            let _ = value_at(ev, root, &path);
            definition_spans(ev, loader, root, &path).unwrap_or_default()
        },
    )
}

/// One `sops.secrets.<name>` of a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretInfo {
    pub name: String,
    /// The key path in the sops file (the name unless `key` is set); `None` when unknown.
    pub key: Option<String>,
    /// The flake-relative sops file; `None` when unknown.
    pub file: Option<String>,
    /// Every place the flake writes `<name>` under `sops.secrets`.
    pub declarations: Vec<FileSpan>,
}

/// The secrets `host` declares, sorted by name; empty when they cannot be known.
pub fn host_secret_list(db: &dyn Db, workspace: Workspace, host: &str) -> Vec<SecretInfo> {
    secrets_query(db, workspace, HostName::new(db, host.to_string())).clone()
}

#[salsa::tracked(returns(ref))]
fn secrets_query<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: HostName<'db>,
) -> Vec<SecretInfo> {
    with_host(
        db,
        workspace,
        host.name(db),
        Vec::new(),
        |ev, loader, root| {
            let Some(secrets) = super::secrets::host_secrets(ev, loader, root) else {
                return Vec::new();
            };
            let path = [Sym::from("sops"), Sym::from("secrets")];
            let defs = root
                .defs_at(ev, &path)
                .and_then(|defs| discharge_all(ev, &defs))
                .unwrap_or_default();
            let mut out = Vec::new();
            for secret in secrets.secrets {
                let mut declarations: Vec<FileSpan> = defs
                    .iter()
                    .filter_map(|d| {
                        let Value::Attrs(a) = &d.value else {
                            return None;
                        };
                        let span = a.get_attr(&secret.name)?.key_span?;
                        flake_span(ev, loader, span)
                    })
                    .collect();
                if declarations.is_empty() {
                    declarations.extend(secret.decl.clone());
                }
                declarations.dedup();
                out.push(SecretInfo {
                    name: secret.name,
                    key: secret.key,
                    file: secret.file,
                    declarations,
                });
            }
            out.sort_by(|a, b| a.name.cmp(&b.name));
            out
        },
    )
}

/// The value at `path` of the host's `config`: `None` when no such attribute exists.
fn value_at(ev: &mut Evaluator<'_>, root: &Rc<ModuleSet>, path: &[Sym]) -> Option<Value> {
    let mut value = ev.force(&root.config).ok()?;
    for name in path {
        value = match &value {
            Value::Attrs(a) => match a.get(name) {
                Some(t) => ev
                    .force(&t.clone())
                    .unwrap_or_else(|e| Value::unknown(format!("error: {}", e.message))),
                None => {
                    let reason = a.open.clone()?;
                    Value::unknown(reason)
                }
            },
            Value::Unknown(_) => value.clone(),
            _ => return None,
        };
    }
    Some(value)
}

/// A value in one line, bounded, with sops data hidden.
fn print_value_text(ev: &mut Evaluator<'_>, value: &Value) -> ValueText {
    let budget = super::show::Budget {
        max_chars: MAX_VALUE_CHARS,
        max_depth: 8,
        terse: true,
    };
    let out = super::show::print_within(ev, value, budget);
    let scalar = matches!(
        value,
        Value::String(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Path(_)
    );
    let unknown = matches!(value, Value::Unknown(_));
    if looks_like_sops_data(&out) {
        return ValueText {
            text: "«hidden: read from a sops file»".to_string(),
            scalar: false,
            unknown: false,
        };
    }
    let text = truncate(&out, MAX_VALUE_CHARS);
    ValueText {
        scalar: scalar && text == out && !out.contains('\n'),
        text,
        unknown,
    }
}

/// Encrypted sops values and metadata: never shown, even encrypted.
fn looks_like_sops_data(text: &str) -> bool {
    text.contains("ENC[") || text.contains("AGE ENCRYPTED FILE") || text.contains("PGP MESSAGE")
}

/// At most `max` characters; a longer text is cut and ends in `…`.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The flake locations of the definitions at `path`, as `qg-check show --definitions`
/// finds them (an option's, an `attrsOf` key's, those of a path inside a submodule),
/// defaults left out.
fn definition_spans(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
    path: &[Sym],
) -> qg_eval::EvalResult<Vec<FileSpan>> {
    let Some(defs) = super::show::definitions(ev, root, path)? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<FileSpan> = Vec::new();
    for (d, _) in defs.iter().filter(|(d, _)| !d.def.is_default) {
        let span = d.def.key_span.or(d.def.span);
        if let Some(s) = span.and_then(|s| flake_span(ev, loader, s)) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    Ok(out)
}
