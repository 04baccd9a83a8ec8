//! `qg-check --list-hosts` and `qg-check show HOST OPTION`: the hosts of a flake and the
//! merged values of their options, as qg's module system evaluates them; where each of the
//! flake's inputs was read from, and for an incomplete host what could not be read and why.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use qg_ide::{FlakeHost, InputArgs, InputTable};

/// `println!` that stops quietly at a closed pipe (`--list-hosts | head`).
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

fn load(path: &Path, inputs: &InputArgs) -> Result<FlakeHost, String> {
    FlakeHost::discover_with(path, inputs).map_err(|e| e.to_string())
}

/// One input of the flake as `--list-hosts` shows it.
pub struct ListedInput {
    pub name: String,
    /// `store`, `override`, `path`, `model` or `missing`.
    pub source: &'static str,
    /// The folder its files were read from.
    pub folder: Option<PathBuf>,
    /// The path Nix knows it by.
    pub store_path: Option<String>,
    /// Why it was not read (missing), or what stands for it (model).
    pub why: Option<String>,
    /// For an input found through the registry or `NIX_PATH`: the entry that named it.
    pub via: Option<String>,
}

/// The root's inputs, in the lock's order.
pub fn listed_inputs(table: &InputTable) -> Vec<ListedInput> {
    table
        .root_nodes()
        .map(|(name, node)| {
            let source = qg_ide::origin_name(node);
            let why = match node {
                None => Some(format!("input `{name}` follows nothing")),
                Some(n) => match n.model {
                    Some(model) => Some(model_text(table, name, model, n)),
                    None => n.source.missing.clone(),
                },
            };
            ListedInput {
                name: name.to_string(),
                source,
                folder: node.and_then(|n| n.source.folder.clone()),
                store_path: node.and_then(|n| n.source.store_path.clone()),
                why,
                via: node.and_then(|n| n.source.via.clone()),
            }
        })
        .collect()
}

/// What stands for a modelled input: a nixpkgs whose NixOS tree is on disk is read (its own
/// lib and NixOS modules, with qg's `nixosSystem`); otherwise qg's model, even when the
/// source is on disk.
fn model_text(
    table: &InputTable,
    name: &str,
    model: qg_ide::InputModel,
    node: &qg_ide::InputNode,
) -> String {
    let what = match model {
        qg_ide::InputModel::Nixpkgs if table.nixos_tree(name).is_some() => {
            return "its own lib and NixOS modules are read, with qg's nixosSystem".to_string()
        }
        qg_ide::InputModel::Nixpkgs => "qg's own lib and nixosSystem stand for nixpkgs",
        qg_ide::InputModel::FlakeParts => "qg's model of flake-parts' mkFlake stands for it",
    };
    if node.source.folder.is_some() {
        format!("{what} (its source is on disk but not read yet)")
    } else {
        what.to_string()
    }
}

/// The input an external module comes from, when that input is not available (neither
/// found nor modelled).
pub fn missing_input(table: &InputTable, external: &str) -> Option<String> {
    let name = external.strip_prefix("input ")?;
    let input = name.split(' ').next().unwrap_or(name);
    match table.nodes.values().find(|n| n.source.name == input) {
        Some(n) if n.model.is_some() || n.source.missing.is_none() => None,
        _ => Some(input.to_string()),
    }
}

/// Why a host's external module could not be read, for people: the input it comes from
/// and where that input is (or why it is not there, and the way out).
pub fn external_why(table: &InputTable, external: &str) -> String {
    if external == "modulesPath" {
        return "a module under `modulesPath`: nixpkgs' own NixOS modules are not read yet"
            .to_string();
    }
    if let Some(path) = external.strip_suffix(", outside the flake") {
        return format!("{path} is outside the flake and its inputs");
    }
    let Some(name) = external.strip_prefix("input ") else {
        return format!("a module qg cannot evaluate ({external})");
    };
    let input = name.split(' ').next().unwrap_or(name);
    let node = table.nodes.values().find(|n| n.source.name == input);
    match node {
        Some(n) => match (n.model, &n.source.missing) {
            (Some(model), _) => format!(
                "input `{input}` is modelled: {}",
                model_text(table, input, model, n)
            ),
            (None, Some(why)) => format!("input `{input}` is not available: {why}"),
            (None, None) => format!("input `{input}` gives a module qg cannot know"),
        },
        None if table.lock_error.is_some() => format!(
            "input `{input}` is not available: {}",
            table.lock_error.as_deref().unwrap_or_default()
        ),
        None if !table.has_lock => format!(
            "input `{input}` is not available: the flake has no flake.lock (`nix flake lock` \
             writes it), and no `--override-input {input} PATH` gives the input"
        ),
        None => format!(
            "input `{input}` is not available: flake.lock has no entry for it (give it with \
             `--override-input {input} PATH`)"
        ),
    }
}

/// Why the flake's inputs are not known from its lock, if they are not.
fn lock_note(table: &InputTable) -> Option<String> {
    if let Some(e) = &table.lock_error {
        return Some(format!("flake.lock cannot be read: {e}"));
    }
    (!table.has_lock).then(|| {
        "the flake has no flake.lock, so no input is read from the store (`nix flake lock` \
         writes it; --override-input gives an input)"
            .to_string()
    })
}

/// The flake file and 1-based line of the import a note is about.
fn place(host: &FlakeHost, note: &qg_ide::Note) -> Option<(String, u32)> {
    let at = note.at.as_ref()?;
    let file = host.file(&at.file)?;
    Some((
        at.file.to_string(),
        host.line_index(file).line(at.range.start()) + 1,
    ))
}

/// One line per host: name, system, modules given to `nixosSystem`, modules after
/// `imports` (flake files read, external modules); with `json`, the same as one JSON
/// document (`docs/json-output.md`).
pub fn list_hosts(paths: &[PathBuf], inputs: &InputArgs, json: bool) -> Result<ExitCode, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    if json {
        return list_hosts_json(&paths, inputs);
    }
    for path in &paths {
        let host = load(path, inputs)?;
        let summaries = host.hosts();
        let listed = listed_inputs(host.inputs());
        if !listed.is_empty() {
            outln!("inputs:");
        }
        // A classic configuration has no inputs (`--nixos-config`): nothing to say of a lock.
        if let Some(why) = lock_note(host.inputs()).filter(|_| inputs.nixos_config.is_none()) {
            outln!("inputs: {why}");
        }
        for input in &listed {
            let place = match (&input.folder, &input.why) {
                (_, Some(why)) => why.clone(),
                (Some(folder), None) => match &input.via {
                    // Its NAR hash is the lock's: the same tree as the store path would be.
                    Some(via) => format!(
                        "{} (named by {via}; its NAR hash is the lock's)",
                        folder.display()
                    ),
                    None => folder.display().to_string(),
                },
                (None, None) => String::new(),
            };
            outln!("  {:<20} {:<8} {place}", input.name, input.source);
        }
        if summaries.is_empty() {
            outln!(
                "{}: no host found (nixosConfigurations, colmena hive, homeConfigurations)",
                host.root().display()
            );
        }
        for s in summaries {
            let system = s.info.system.as_deref().unwrap_or("unknown system");
            let given = s.info.modules.map_or("?".to_string(), |n| n.to_string());
            let incomplete = if s.incomplete {
                "; incomplete: a module could not be read, QG101 and QG103 are off"
            } else {
                ""
            };
            outln!(
                "{:<16} {:<14} {given} modules, {} after imports ({} files, {} external{incomplete})",
                s.info.name,
                system,
                s.modules,
                s.files,
                s.externals.len()
            );
            if s.incomplete {
                for note in &s.notes {
                    let why = external_why(host.inputs(), &note.why);
                    match place(&host, note) {
                        Some((file, line)) => {
                            outln!("  not read: the import at {file}:{line} is unknown: {why}")
                        }
                        None => outln!("  not read: {why}"),
                    }
                }
            }
        }
        for name in host.unchecked_hosts() {
            outln!("{name}: not checked (nix-darwin hosts are out of qg's scope)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--list-hosts --format json`: per flake, its root and each host's summary.
fn list_hosts_json(paths: &[PathBuf], inputs: &InputArgs) -> Result<ExitCode, String> {
    let mut flakes = Vec::new();
    for path in paths {
        let host = load(path, inputs)?;
        let table = host.inputs();
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
                    "not_read": s
                        .notes
                        .iter()
                        .map(|n| {
                            let (file, line) = place(&host, n).unzip();
                            serde_json::json!({
                                "module": n.why,
                                "why": external_why(table, &n.why),
                                "file": file,
                                "line": line,
                            })
                        })
                        .collect::<Vec<_>>(),
                })
            })
            .collect();
        let listed: Vec<_> = listed_inputs(table)
            .into_iter()
            .map(|i| {
                serde_json::json!({
                    "name": i.name,
                    "source": i.source,
                    "folder": i.folder,
                    "store_path": i.store_path,
                    "why": i.why,
                    "via": i.via,
                })
            })
            .collect();
        flakes.push(serde_json::json!({
            "root": host.root(),
            "lock": lock_note(table).filter(|_| inputs.nixos_config.is_none()),
            "inputs": listed,
            "hosts": hosts,
            "unchecked": host.unchecked_hosts(),
        }));
    }
    let doc = serde_json::json!({ "version": 1, "flakes": flakes });
    outln!(
        "{}",
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}

pub fn show(
    flake: &Path,
    inputs: &InputArgs,
    host: &str,
    option: &str,
    definitions: bool,
) -> Result<ExitCode, String> {
    let loaded = load(flake, inputs)?;
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
pub fn facts(
    flake: &Path,
    inputs: &InputArgs,
    host: &str,
    kind: Option<&str>,
    json: bool,
) -> Result<ExitCode, String> {
    let loaded = load(flake, inputs)?;
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
