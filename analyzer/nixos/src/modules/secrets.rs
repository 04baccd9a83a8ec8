//! The sops-nix secrets a host and its home-manager users declare, as plain data for the
//! secrets rules of `qg-checks`.

use std::path::Path;
use std::rc::Rc;

use qg_eval::{Evaluator, Value};
use qg_syntax::Span as FileSpan;

use super::config::ModuleSet;
use super::definitions::{discharge_all, Activity};
use super::source::WorkspaceLoader;

/// One `sops.secrets.<name>` of a host; `None` fields are unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeclaredSecret {
    pub name: String,
    /// Where `<name>` is written (the first declaration in the flake).
    pub decl: Option<FileSpan>,
    /// The key path in the sops file; `None` when unknown or not checkable.
    pub key: Option<String>,
    /// Whether `key` is set (the name is not the key then).
    pub has_key: bool,
    /// The flake-relative sops file; `None` when unknown or outside the flake.
    pub file: Option<String>,
    /// The sops file it reads, whatever the format; `None` when unknown.
    pub any_file: Option<String>,
    /// It reads its whole file (`key = ""`, or a `binary`, `dotenv`, `ini` format).
    pub whole_file: bool,
}

/// The secrets of a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostSecrets {
    pub secrets: Vec<DeclaredSecret>,
    /// Every definition of `sops.secrets` is known (no unknown condition, no unknown
    /// names): a name missing from `secrets` is not declared in the flake.
    pub complete: bool,
}

/// The secrets of a host, or `None` when they cannot be known.
pub(crate) fn host_secrets(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
) -> Option<HostSecrets> {
    let config = ev.force(&root.config).ok()?;
    let sops = get(ev, &config, "sops")?;
    let secrets = get(ev, &sops, "secrets")?;
    let Value::Attrs(secrets) = secrets else {
        return None;
    };
    let default_file = match field(ev, &sops, "defaultSopsFile") {
        Field::Known(Value::Path(p)) => loader.relative(Path::new(&*p)),
        _ => None,
    };
    let default_format = match field(ev, &sops, "defaultSopsFormat") {
        Field::Absent => Some("yaml".to_string()),
        Field::Known(Value::String(s)) => Some(s.text.to_string()),
        _ => None,
    };
    let path = ["sops".into(), "secrets".into()];
    let defs = root.defs_at(ev, &path).ok()?;
    let defs = discharge_all(ev, &defs).ok()?;
    let complete = defs.iter().all(|d| {
        d.activity != Activity::Maybe && matches!(&d.value, Value::Attrs(a) if a.open.is_none())
    });
    let mut out = Vec::new();
    for attr in secrets.iter() {
        let name = attr.name.to_string();
        let decl = defs.iter().find_map(|d| {
            let Value::Attrs(a) = &d.value else {
                return None;
            };
            let span = a.get_attr(&name)?.key_span?;
            super::report::flake_span(ev, loader, span)
        });
        let value = match ev.force(&attr.value) {
            Ok(v @ Value::Attrs(_)) => v,
            _ => {
                out.push(DeclaredSecret {
                    name,
                    decl,
                    key: None,
                    has_key: false,
                    file: None,
                    any_file: None,
                    whole_file: false,
                });
                continue;
            }
        };
        let key = field(ev, &value, "key");
        let file = field(ev, &value, "sopsFile");
        let format = field(ev, &value, "format");
        let key_is_empty = matches!(&key, Field::Known(Value::String(s)) if s.text.is_empty());
        let (key, has_key) = match key {
            Field::Absent => (Some(name.clone()), false),
            Field::Known(Value::String(s)) if !s.text.is_empty() => {
                (Some(s.text.to_string()), true)
            }
            _ => (None, true),
        };
        let file = match file {
            Field::Absent => default_file.clone(),
            Field::Known(Value::Path(p)) => loader.relative(Path::new(&*p)),
            _ => None,
        };
        let format = match format {
            Field::Absent => default_format.clone(),
            Field::Known(Value::String(s)) => Some(s.text.to_string()),
            _ => None,
        };
        let checkable = matches!(format.as_deref(), Some("yaml" | "json"));
        let whole_file = matches!(format.as_deref(), Some("binary" | "dotenv" | "ini"))
            || (checkable && key_is_empty);
        out.push(DeclaredSecret {
            name,
            decl,
            key: key.filter(|_| checkable),
            has_key,
            file: file.clone().filter(|_| checkable),
            any_file: file,
            whole_file,
        });
    }
    Some(HostSecrets {
        secrets: out,
        complete,
    })
}

/// The secrets of each home-manager user of the host (`home-manager.users.<name>`) that
/// has a `sops` of its own, in the order the users were evaluated. The users' evaluations
/// are the host's submodule instances at that path, made by the walk of `home-manager`.
pub(crate) fn home_manager_secrets(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
) -> Vec<HostSecrets> {
    let users: Vec<Rc<ModuleSet>> = root
        .instances
        .borrow()
        .iter()
        .filter(|i| {
            i.prefix.len() == 3
                && &*i.prefix[0] == super::walk::HOME_MANAGER
                && &*i.prefix[1] == "users"
        })
        .cloned()
        .collect();
    users
        .iter()
        .filter_map(|user| host_secrets(ev, loader, user))
        .collect()
}

/// An attribute of an attribute set value, forced; `None` when absent or unknown.
fn get(ev: &mut Evaluator<'_>, value: &Value, name: &str) -> Option<Value> {
    match field(ev, value, name) {
        Field::Known(v) => Some(v),
        Field::Absent | Field::Unknown => None,
    }
}

enum Field {
    Absent,
    Unknown,
    Known(Value),
}

/// An attribute of an attribute set value, forced.
fn field(ev: &mut Evaluator<'_>, value: &Value, name: &str) -> Field {
    let Value::Attrs(a) = value else {
        return Field::Unknown;
    };
    let Some(t) = a.get(name) else {
        return Field::Absent;
    };
    match ev.force(t) {
        Ok(Value::Unknown(_)) | Err(_) => Field::Unknown,
        Ok(v) => Field::Known(v),
    }
}
