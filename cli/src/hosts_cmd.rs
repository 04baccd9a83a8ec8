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

/// `qg-check facts HOST`: one line per entity and reference the packs found on the host.
pub fn facts(flake: &Path, host: &str, kind: Option<&str>) -> Result<ExitCode, String> {
    let loaded = load(flake)?;
    let facts = loaded.facts(host)?;
    let place = |span: &Option<qg_syntax::Span>| match span {
        Some(s) => {
            let line = loaded
                .file(&s.file)
                .map(|f| loaded.line_index(f).line(s.range.start()) + 1)
                .unwrap_or(1);
            format!("{}:{line}", s.file)
        }
        None => "(pack)".to_string(),
    };
    let wanted = |k: &str| kind.is_none_or(|w| w == k);
    for e in facts.entities.iter().filter(|e| wanted(&e.kind)) {
        println!(
            "entity     {:<16} {:<36} {:<48} {}",
            e.kind,
            e.name,
            place(&e.span),
            e.at
        );
    }
    for r in facts
        .references
        .iter()
        .filter(|r| r.kinds.iter().any(|k| wanted(k)))
    {
        println!(
            "reference  {:<16} {:<36} {:<48} {} ({})",
            r.kinds.join("|"),
            r.name,
            place(&r.span),
            r.at,
            r.rule
        );
    }
    for k in facts.incomplete.iter().filter(|k| wanted(k)) {
        println!(
            "incomplete {k}: a value or condition qg cannot know; missing ones are not reported"
        );
    }
    Ok(ExitCode::SUCCESS)
}
