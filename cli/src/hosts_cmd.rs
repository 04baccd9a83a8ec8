//! `qg-check --list-hosts` and `qg-check show HOST OPTION`: the hosts of a flake and the
//! merged values of their options, as qg's module system evaluates them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use qg_ide::FlakeHost;

fn load(path: &Path) -> Result<FlakeHost, String> {
    FlakeHost::discover(path).map_err(|e| e.to_string())
}

/// One line per host: name, system, modules given to `nixosSystem`, modules after
/// `imports` (flake files read, external modules); with `json`, the same as one JSON
/// document (`docs/json-output.md`).
pub fn list_hosts(paths: &[PathBuf], json: bool) -> Result<ExitCode, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    if json {
        return list_hosts_json(&paths);
    }
    for path in &paths {
        let host = load(path)?;
        let summaries = host.hosts();
        if summaries.is_empty() {
            println!("{}: no nixosConfigurations found", host.root().display());
        }
        for s in summaries {
            let system = s.info.system.as_deref().unwrap_or("unknown system");
            let given = s.info.modules.map_or("?".to_string(), |n| n.to_string());
            let incomplete = if s.incomplete {
                "; incomplete: a module could not be read, QG101 and QG103 are off"
            } else {
                ""
            };
            println!(
                "{:<16} {:<14} {given} modules, {} after imports ({} files, {} external{incomplete})",
                s.info.name,
                system,
                s.modules,
                s.files,
                s.externals.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--list-hosts --format json`: per flake, its root and each host's summary.
fn list_hosts_json(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let mut flakes = Vec::new();
    for path in paths {
        let host = load(path)?;
        let hosts: Vec<_> = host
            .hosts()
            .into_iter()
            .map(|s| {
                serde_json::json!({
                    "name": s.info.name,
                    "system": s.info.system,
                    "modules_given": s.info.modules,
                    "modules": s.modules,
                    "files": s.files,
                    "externals": s.externals,
                    "complete": !s.incomplete,
                })
            })
            .collect();
        flakes.push(serde_json::json!({ "root": host.root(), "hosts": hosts }));
    }
    let doc = serde_json::json!({ "version": 1, "flakes": flakes });
    println!(
        "{}",
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}

pub fn show(flake: &Path, host: &str, option: &str, definitions: bool) -> Result<ExitCode, String> {
    let loaded = load(flake)?;
    match loaded.show(host, option, definitions) {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => Err(message),
    }
}

/// `qg-check facts HOST`: one line per entity, reference and sops-nix secret found on the
/// host; with `json`, the same as one JSON document (`docs/json-output.md`).
pub fn facts(flake: &Path, host: &str, kind: Option<&str>, json: bool) -> Result<ExitCode, String> {
    let loaded = load(flake)?;
    let facts = loaded.facts(host)?;
    let place = |span: &Option<qg_syntax::Span>| {
        span.as_ref().map(|s| {
            let line = loaded
                .file(&s.file)
                .map(|f| loaded.line_index(f).line(s.range.start()) + 1)
                .unwrap_or(1);
            (s.file.to_string(), line)
        })
    };
    let wanted = |k: &str| kind.is_none_or(|w| w == k);
    let entities: Vec<_> = facts
        .entities
        .iter()
        .filter(|e| wanted(&e.kind))
        .map(|e| (e, place(&e.span)))
        .collect();
    let references: Vec<_> = facts
        .references
        .iter()
        .filter(|r| r.kinds.iter().any(|k| wanted(k)))
        .map(|r| (r, place(&r.span)))
        .collect();
    let secrets: Vec<_> = match &facts.secrets {
        Some(s) if wanted(SECRET) => s.secrets.iter().map(|d| place(&d.decl)).collect(),
        _ => Vec::new(),
    };
    let incomplete: Vec<&String> = facts.incomplete.iter().filter(|k| wanted(k)).collect();
    let secrets_complete = facts.secrets.as_ref().map(|s| s.complete);
    let listed = ListedFacts {
        facts,
        entities,
        references,
        secrets,
        secrets_complete: secrets_complete.filter(|_| wanted(SECRET)),
        incomplete,
    };
    if json {
        print_facts_json(&listed)
    } else {
        print_facts_text(&listed);
        Ok(ExitCode::SUCCESS)
    }
}

/// The pseudo-kind under which `facts` lists sops-nix secrets (they are not a pack's).
const SECRET: &str = "secret";

/// A flake-relative file and 1-based line; `None` for what no flake file wrote.
type Place = Option<(String, u32)>;

/// What `facts` prints, after the `--kind` filter.
struct ListedFacts<'a> {
    facts: &'a qg_ide::HostFacts,
    entities: Vec<(&'a qg_ide::Entity, Place)>,
    references: Vec<(&'a qg_ide::Reference, Place)>,
    /// The place of each of `facts.secrets` (none when filtered out).
    secrets: Vec<Place>,
    /// `None` when the host's secrets are unknown (or filtered out).
    secrets_complete: Option<bool>,
    incomplete: Vec<&'a String>,
}

fn place_text(place: &Place, outside: &str) -> String {
    match place {
        Some((file, line)) => format!("{file}:{line}"),
        None => outside.to_string(),
    }
}

fn print_facts_text(listed: &ListedFacts<'_>) {
    for (e, place) in &listed.entities {
        println!(
            "entity     {:<16} {:<36} {:<48} {}",
            e.kind,
            e.name,
            place_text(place, "(pack)"),
            e.at
        );
    }
    for (r, place) in &listed.references {
        println!(
            "reference  {:<16} {:<36} {:<48} {} ({})",
            r.kinds.join("|"),
            r.name,
            place_text(place, "(pack)"),
            r.at,
            r.rule
        );
    }
    let declared = listed.facts.secrets.iter().flat_map(|s| s.secrets.iter());
    for (s, place) in declared.zip(&listed.secrets) {
        let key = match (&s.key, &s.file) {
            (Some(key), Some(file)) => format!("key `{key}` of {file}"),
            _ => "key not checked".to_string(),
        };
        println!(
            "secret     {:<16} {:<36} {:<48} {key}",
            "sops",
            s.name,
            place_text(place, "(place unknown)"),
        );
    }
    if listed.secrets_complete == Some(false) {
        println!("incomplete {SECRET}: a definition of sops.secrets qg cannot know");
    }
    for k in &listed.incomplete {
        println!(
            "incomplete {k}: a value or condition qg cannot know; missing ones are not reported"
        );
    }
}

fn place_json(place: &Place) -> serde_json::Value {
    match place {
        Some((file, line)) => serde_json::json!({ "file": file, "line": line }),
        None => serde_json::Value::Null,
    }
}

/// `facts --format json`: entities, references, secrets and incomplete kinds.
fn print_facts_json(listed: &ListedFacts<'_>) -> Result<ExitCode, String> {
    let entities: Vec<_> = listed
        .entities
        .iter()
        .map(|(e, place)| {
            serde_json::json!({
                "kind": e.kind, "name": e.name, "at": e.at, "place": place_json(place),
                "owner": e.owner, "address": e.address,
            })
        })
        .collect();
    let references: Vec<_> = listed
        .references
        .iter()
        .map(|(r, place)| {
            serde_json::json!({
                "kinds": r.kinds, "name": r.name, "at": r.at, "place": place_json(place),
                "owner": r.owner, "rule": r.rule.to_string(),
            })
        })
        .collect();
    let declared = listed.facts.secrets.iter().flat_map(|s| s.secrets.iter());
    let secrets: Vec<_> = declared
        .zip(&listed.secrets)
        .map(|(s, place)| {
            serde_json::json!({
                "name": s.name, "place": place_json(place), "key": s.key,
                "has_key": s.has_key, "file": s.file, "any_file": s.any_file,
                "whole_file": s.whole_file,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "version": 1,
        "entities": entities,
        "references": references,
        "secrets": secrets,
        "secrets_complete": listed.secrets_complete,
        "incomplete": listed.incomplete,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}
