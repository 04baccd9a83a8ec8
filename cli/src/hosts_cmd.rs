//! `qg-check --list-hosts` and `qg-check show HOST OPTION`: the hosts of a flake and the
//! merged values of their options, as qg's module system evaluates them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use qg_analyzer::FlakeHost;

fn load(path: &Path) -> Result<FlakeHost, String> {
    FlakeHost::discover(path).map_err(|e| e.to_string())
}

/// One line per host: name, system, modules given to `nixosSystem`, modules after
/// `imports` (flake files read, external modules).
pub fn list_hosts(paths: &[PathBuf]) -> Result<ExitCode, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    for path in &paths {
        let host = load(path)?;
        let summaries = qg_analyzer::modules::host_summaries(host.db(), host.workspace());
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

pub fn show(flake: &Path, host: &str, option: &str, definitions: bool) -> Result<ExitCode, String> {
    let loaded = load(flake)?;
    match qg_analyzer::modules::show_option(
        loaded.db(),
        loaded.workspace(),
        host,
        option,
        definitions,
    ) {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => Err(message),
    }
}
