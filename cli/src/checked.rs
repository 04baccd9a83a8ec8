//! Runs the analyzer over the flakes named on the command line and keeps what renderers need.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use qg_ide::FlakeHost;
use qg_syntax::{Diagnostic, LineCol, LineIndex, Span};

/// One analysed flake and the findings to report from it.
pub struct CheckedFlake {
    pub host: FlakeHost,
    pub diagnostics: Vec<Diagnostic>,
    /// The hosts found and evaluated, by name, and whether each was read completely.
    pub hosts: Vec<(String, bool)>,
    /// What was not checked, for people (every output format carries them).
    pub notes: Vec<String>,
}

pub struct Checked {
    pub flakes: Vec<CheckedFlake>,
    pub timings: Timings,
    cwd: PathBuf,
}

/// A span resolved to what people and tools read: a display path and 1-based positions.
pub struct Location {
    pub path: String,
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Copy)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// 1-based column in UTF-16 code units (SARIF, LSP).
    pub column_utf16: u32,
    /// Byte offset in the file.
    pub offset: u32,
}

#[derive(Default)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        match self.stages.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total += start.elapsed(),
            None => self.stages.push((stage, start.elapsed())),
        }
        value
    }

    pub fn print(&self) {
        for (stage, took) in &self.stages {
            eprintln!("{stage:<12} {:>9.3} ms", took.as_secs_f64() * 1000.0);
        }
    }
}

impl Checked {
    pub fn run(paths: &[PathBuf], inputs: &qg_ide::InputArgs) -> Result<Checked, String> {
        let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
        let paths = if paths.is_empty() {
            vec![cwd.clone()]
        } else {
            paths.to_vec()
        };
        let mut timings = Timings::default();
        let mut flakes = Vec::new();
        let groups = match &inputs.nixos_config {
            // A classic configuration: its root, whatever the PATHs (which then limit the
            // report to their files, as pre-commit passes them).
            Some(file) => {
                let root = qg_ide::classic_root(file).map_err(|e| e.to_string())?;
                let mut only: Option<Vec<String>> = None;
                for path in paths.iter().filter(|p| !p.is_dir()) {
                    only.get_or_insert_with(Vec::new)
                        .push(relative_to(&root, path));
                }
                BTreeMap::from([(root, only)])
            }
            None => group_by_flake(&paths)?,
        };
        for (root, only) in groups {
            let host = timings
                .time("load", || {
                    FlakeHost::load_with(&root, Default::default(), inputs)
                })
                .map_err(|e| e.to_string())?;
            timings.time("parse", || host.parse_all());
            let mut diagnostics = timings.time("check", || host.all_diagnostics());
            if let Some(only) = only {
                warn_about_unseen_files(&host, &only);
                diagnostics.retain(|d| only.iter().any(|p| **p == *d.primary.file));
            }
            let summaries = host.hosts();
            let hosts: Vec<(String, bool)> = summaries
                .iter()
                .map(|s| (s.info.name.clone(), !s.incomplete))
                .collect();
            let mut notes = coverage_notes(&host, &hosts, inputs.nixos_config.is_some());
            notes.extend(unread_notes(&host, &summaries));
            flakes.push(CheckedFlake {
                host,
                diagnostics,
                hosts,
                notes,
            });
        }
        Ok(Checked {
            flakes,
            timings,
            cwd,
        })
    }

    /// Every note of every flake, with its flake.
    pub fn notes(&self) -> impl Iterator<Item = (&CheckedFlake, &String)> {
        self.flakes
            .iter()
            .flat_map(|f| f.notes.iter().map(move |n| (f, n)))
    }

    /// Some flake has no host qg could evaluate.
    pub fn some_flake_without_hosts(&self) -> bool {
        self.flakes.iter().any(|f| f.hosts.is_empty())
    }

    /// Every reported finding with its flake, in output order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&CheckedFlake, &Diagnostic)> {
        self.flakes
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    /// The path to show for a file: relative to the working directory when below it.
    pub fn display_path(&self, flake: &CheckedFlake, rel: &str) -> String {
        let abs = flake.host.root().join(rel);
        match abs.strip_prefix(&self.cwd) {
            Ok(below) => qg_ide::to_rel_string(below),
            Err(_) => abs.display().to_string(),
        }
    }

    pub fn locate(&self, flake: &CheckedFlake, span: &Span) -> Location {
        let position = |offset| flake.position(&span.file, offset);
        Location {
            path: self.display_path(flake, &span.file),
            start: position(span.range.start()),
            end: position(span.range.end()),
        }
    }
}

impl CheckedFlake {
    pub fn position(&self, file: &str, offset: qg_syntax::TextSize) -> Position {
        let text = self.host.text(file).unwrap_or_default();
        let fallback;
        let index = match self.host.file(file) {
            Some(source) => self.host.line_index(source),
            None => {
                fallback = LineIndex::new(&text);
                &fallback
            }
        };
        let chars: LineCol = index.line_col_chars(&text, offset);
        let utf16 = index.line_col_utf16(&text, offset);
        Position {
            line: chars.line + 1,
            column: chars.col + 1,
            column_utf16: utf16.col + 1,
            offset: offset.into(),
        }
    }
}

/// What a run did not check: a flake with no host (only the local lints ran), hosts that
/// were not read completely.
fn coverage_notes(host: &FlakeHost, hosts: &[(String, bool)], classic: bool) -> Vec<String> {
    let root = host.root().display();
    if !host.root().join("flake.nix").is_file() && !classic {
        return vec![format!(
            "{root}: no flake.nix, so its Nix files were checked alone with the local lints \
             (QG001-QG005): no host was evaluated."
        )];
    }
    if hosts.is_empty() {
        return vec![format!(
            "{root}: no NixOS host found, so only the local lints (QG001-QG005) ran on its files. \
             qg found no host it could evaluate: neither `nixosConfigurations` nor a colmena \
             hive (`colmena` output, `hive.nix`) nor `homeConfigurations`; when they come from \
             an input (flake-parts, a framework) or a pinned fetch, make the inputs available with \
             `nix flake archive` or give them with `--override-input NAME PATH` \
             (`--list-hosts` shows what qg sees)."
        )];
    }
    let incomplete: Vec<&str> = hosts
        .iter()
        .filter(|(_, complete)| !complete)
        .map(|(name, _)| name.as_str())
        .collect();
    if incomplete.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{root}: {} of {} hosts could not be read completely ({}): options without a value and \
         unknown options are not reported for them (`--list-hosts` says more).",
        incomplete.len(),
        hosts.len(),
        incomplete.join(", ")
    )]
}

/// What the hosts that could not be read completely did not read, and why: one note for
/// the inputs that are not available (with the way to give them), one per other reason.
fn unread_notes(host: &FlakeHost, summaries: &[qg_ide::HostSummary]) -> Vec<String> {
    let root = host.root().display();
    let table = host.inputs();
    let mut missing: Vec<String> = Vec::new();
    let mut others: Vec<(String, Vec<&str>)> = Vec::new();
    for s in summaries.iter().filter(|s| s.incomplete) {
        for note in &s.notes {
            match crate::hosts_cmd::missing_input(table, &note.why) {
                Some(name) => {
                    if !missing.contains(&name) {
                        missing.push(name);
                    }
                }
                None => {
                    let why = crate::hosts_cmd::external_why(table, &note.why);
                    match others.iter_mut().find(|(w, _)| *w == why) {
                        Some((_, hosts)) if hosts.contains(&s.info.name.as_str()) => {}
                        Some((_, hosts)) => hosts.push(&s.info.name),
                        None => others.push((why, vec![&s.info.name])),
                    }
                }
            }
        }
    }
    let mut notes = Vec::new();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|n| format!("`{n}`")).collect();
        let flag = match missing.as_slice() {
            [one] => format!("`--override-input {one} PATH`"),
            _ => "`--override-input NAME PATH`".to_string(),
        };
        let place = if table.has_lock {
            "not in the Nix store"
        } else {
            "not locked (the flake has no flake.lock)"
        };
        notes.push(format!(
            "{root}: modules of input {} were not read: {place}. `nix flake archive` copies a \
             flake's inputs into the store, or give them with {flag} (`--list-hosts` says where \
             qg looked).",
            names.join(", ")
        ));
    }
    for (why, hosts) in others {
        notes.push(format!("{root}: not read on {}: {why}", hosts.join(", ")));
    }
    notes
}

/// A file named on the command line that the flake does not contain: usually a new module
/// not yet added to git, which Nix would not see either.
fn warn_about_unseen_files(host: &FlakeHost, files: &[String]) {
    let known = host.paths();
    for file in files {
        let is_read = qg_ide::FileKind::of(file).is_some();
        if is_read && !known.iter().any(|k| **k == **file) {
            eprintln!(
                "qg-check: warning: {file} is not tracked by git, so the flake does not see it (git add it)"
            );
        }
    }
}

/// Groups the paths by the flake that contains them. `None` means the whole flake (a
/// directory was named); `Some(files)` limits reports to those files (relative paths).
/// A path outside any flake is its own root (a folder, or a file's folder): it gets the
/// local lints, as a classic `/etc/nixos` or a lone file would.
fn group_by_flake(paths: &[PathBuf]) -> Result<BTreeMap<PathBuf, Option<Vec<String>>>, String> {
    let mut groups: BTreeMap<PathBuf, Option<Vec<String>>> = BTreeMap::new();
    for path in paths {
        if !path.exists() {
            return Err(format!("{}: no such file or directory", path.display()));
        }
        let root = match qg_ide::find_flake_root(path) {
            Some(root) => root,
            None => root_outside_flakes(path)?,
        };
        let slot = groups
            .entry(root.clone())
            .or_insert_with(|| Some(Vec::new()));
        if path.is_dir() {
            *slot = None;
        } else if let Some(files) = slot {
            files.push(relative_to(&root, path));
        }
    }
    Ok(groups)
}

/// The root of a path outside any flake: the folder itself, or the file's folder.
fn root_outside_flakes(path: &Path) -> Result<PathBuf, String> {
    let abs = path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(if abs.is_dir() {
        abs
    } else {
        abs.parent().map_or(abs.clone(), Path::to_path_buf)
    })
}

fn relative_to(root: &Path, path: &Path) -> String {
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    abs.strip_prefix(root)
        .map(qg_ide::to_rel_string)
        .unwrap_or_default()
}
