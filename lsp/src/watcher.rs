//! Watching the flakes' files when the client cannot (Neovim on Linux does not offer
//! dynamic registration of `workspace/didChangeWatchedFiles`): a poller that lists each
//! flake's files the way the analyzer does, plus `qg.toml`, its knowledge packs and
//! `flake.lock`, and reports
//! every file whose size or modification time changed, appeared or vanished.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use crate::state::Task;

/// Files outside the analyzer's file set whose changes matter.
const EXTRA: &[&str] = &["qg.toml", "flake.lock", ".sops.yaml"];

type Stamp = (u64, Option<SystemTime>);

pub fn start_poller(roots: Vec<PathBuf>, interval: Duration, tasks: Sender<Task>) {
    let spawned = std::thread::Builder::new()
        .name("qg-poller".into())
        .spawn(move || {
            let mut known = scan(&roots);
            loop {
                std::thread::sleep(interval);
                let now = scan(&roots);
                let mut changed: Vec<PathBuf> = now
                    .iter()
                    .filter(|(path, stamp)| known.get(*path) != Some(*stamp))
                    .map(|(path, _)| path.clone())
                    .collect();
                changed.extend(known.keys().filter(|p| !now.contains_key(*p)).cloned());
                known = now;
                if !changed.is_empty() && tasks.send(Task::DiskChanges(changed)).is_err() {
                    return; // the server is gone
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("qg-lsp: cannot start the file poller: {e}");
    }
}

/// The knowledge packs `qg.toml` names (files, and the `*.toml` of directories); only
/// `qg.toml` itself is parsed, the packs are not read.
fn pack_files(root: &std::path::Path) -> Vec<String> {
    use qg_syntax::{Config, CONFIG_FILE};
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok();
    let Some(config) = text.and_then(|t| Config::parse(&t).ok()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (rel, _) in &config.pack_paths {
        match std::fs::read_dir(root.join(rel)) {
            Ok(entries) => out.extend(entries.flatten().filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.ends_with(".toml").then(|| format!("{rel}/{name}"))
            })),
            Err(_) => out.push(rel.clone()),
        }
    }
    out
}

fn scan(roots: &[PathBuf]) -> HashMap<PathBuf, Stamp> {
    let mut out = HashMap::new();
    for root in roots {
        let Ok((files, _)) = qg_ide::flake_files(root) else {
            continue;
        };
        let extra = EXTRA.iter().map(|e| e.to_string());
        for rel in files.into_iter().chain(extra).chain(pack_files(root)) {
            let path = root.join(&rel);
            if let Ok(meta) = std::fs::metadata(&path) {
                out.insert(path, (meta.len(), meta.modified().ok()));
            }
        }
    }
    out
}
