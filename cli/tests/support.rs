//! Helpers shared by the CLI's end-to-end tests.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let unique = format!(
            "qg-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        );
        let dir = std::env::temp_dir().join(unique.replace(['(', ')'], ""));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir.canonicalize().unwrap())
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies a directory tree (fixtures are copied out of the repository so that the file
/// set comes from a plain walk, not from git's index).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            // Fixtures may hold links (a host folder that is an alias of another): kept as links.
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), target).unwrap();
        } else if kind.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn qg_check(cwd: &Path, args: &[&str]) -> Output {
    qg_check_env(cwd, args, &[])
}

/// [`qg_check`] with these environment variables set (a test's registry or `NIX_PATH`).
pub fn qg_check_env(cwd: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qg-check"))
        .current_dir(cwd)
        .args(args)
        .env_remove("NO_COLOR")
        // Never this machine's registry or NIX_PATH: inputs come from the tests' folders.
        .env("QG_NIX_REGISTRY", "")
        .env_remove("NIX_PATH")
        // Never this machine's option index (~/.cache/qg): a test that wants one names it.
        .env("QG_CACHE_DIR", "off")
        .envs(env.iter().copied())
        .output()
        .expect("qg-check runs")
}

pub fn json_report(cwd: &Path, args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = qg_check(cwd, &all);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output.status.code().unwrap_or(-1))
}

/// `(rule, file, line)` of every diagnostic in a JSON report, sorted.
pub fn findings(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    let mut found: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

// ---- `# expect:` markers (`tests/fixtures/`, `tests/nixpkgs-mini/fleets/`; the syntax
// is described in `cli/tests/fixtures.rs`) ----

/// (rule, file, line, severity).
pub type Finding = (String, String, u64, String);

/// The severity each rule's default level gives, from `qg-check --list-rules`.
pub fn default_severities() -> std::collections::HashMap<String, String> {
    let out = qg_check(&workspace_root(), &["--list-rules"]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut cells = line.split_whitespace();
            let id = cells.next()?;
            let _name = cells.next()?;
            let severity = match cells.next()? {
                "deny" => "error",
                "warn" => "warning",
                "hint" => "hint",
                _ => "allow",
            };
            Some((id.to_string(), severity.to_string()))
        })
        .collect()
}

/// One marker entry: `QG102` or `QG102!warning`, as (rule, severity).
pub fn expected_finding(
    entry: &str,
    defaults: &std::collections::HashMap<String, String>,
) -> (String, String) {
    let (rule, severity) = match entry.split_once('!') {
        Some((rule, severity)) => (rule, severity.to_string()),
        None => (entry, defaults.get(entry).cloned().unwrap_or_default()),
    };
    assert!(
        matches!(severity.as_str(), "error" | "warning" | "hint"),
        "marker `{entry}`: the severity is error, warning or hint (write it for a rule that is off by default)"
    );
    (rule.to_string(), severity)
}

/// Every `# expect: QG001 QG002!warning` marker below `dir`, sorted.
pub fn expectations(
    dir: &Path,
    defaults: &std::collections::HashMap<String, String>,
) -> Vec<Finding> {
    fn walk(
        dir: &Path,
        rel: &str,
        defaults: &std::collections::HashMap<String, String>,
        out: &mut Vec<Finding>,
    ) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().to_string();
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &rel_path, defaults, out);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for (i, line) in text.lines().enumerate() {
                let Some((_, marker)) = line.split_once("# expect:") else {
                    continue;
                };
                for entry in marker.split([' ', ',']).filter(|r| r.starts_with("QG")) {
                    let (rule, severity) = expected_finding(entry, defaults);
                    out.push((rule, rel_path.clone(), i as u64 + 1, severity));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", defaults, &mut out);
    out.sort();
    out
}

/// The findings of a JSON report with their severities, sorted.
pub fn findings_with_severity(report: &serde_json::Value) -> Vec<Finding> {
    let mut found: Vec<Finding> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// Runs qg-check in the fleet at `dir` (a copy out of the repository) and says how it
/// differs from the fleet's markers: findings missing or extra, or an exit code that is
/// not 1 exactly when an error was found. Empty when it reports exactly its markers.
pub fn marker_mismatches(
    name: &str,
    dir: &Path,
    args: &[&str],
    defaults: &std::collections::HashMap<String, String>,
) -> Vec<String> {
    let mut failures = Vec::new();
    let expected = expectations(dir, defaults);
    let (report, code) = json_report(dir, args);
    let found = findings_with_severity(&report);
    if found != expected {
        failures.push(format!(
            "{name}:\n  expected {expected:?}\n  found    {found:?}"
        ));
    }
    let has_error = report["summary"]["errors"].as_u64().unwrap() > 0;
    if code != i32::from(has_error) {
        failures.push(format!("{name}: exit code {code} with errors={has_error}"));
    }
    failures
}

// ---- the real Nix as the oracle (`nix-instantiate` of Debian's Nix 2.8) ----

/// Whether `nix-instantiate` runs; a comparison with Nix is skipped, with a message, when
/// it does not.
pub fn nix_instantiate_available() -> bool {
    let available = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("nix-instantiate is not on PATH: the comparison with Nix is skipped");
    }
    available
}

/// `nix-instantiate --eval --strict [--json] -E expr`: stdout, or the first line of the
/// error (without `error: `).
pub fn nix_instantiate_eval(expr: &str, json: bool) -> Result<String, String> {
    let mut cmd = Command::new("nix-instantiate");
    cmd.args(["--eval", "--strict"]);
    if json {
        cmd.arg("--json");
    }
    let out = cmd
        .arg("-E")
        .arg(expr)
        .output()
        .expect("nix-instantiate runs");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err
            .lines()
            .find(|l| l.starts_with("error:"))
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string();
        Err(first)
    }
}

/// A JSON value printed as `nix-instantiate --eval --strict` prints it.
pub fn nix_printed(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "null".to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
            out.push('"');
            out.replace("${", "\\${")
        }
        serde_json::Value::Array(items) if items.is_empty() => "[ ]".to_string(),
        serde_json::Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(nix_printed).collect();
            format!("[ {} ]", inner.join(" "))
        }
        serde_json::Value::Object(map) if map.is_empty() => "{ }".to_string(),
        serde_json::Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let plain = k
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_-'".contains(c));
                    let key = if plain {
                        k.clone()
                    } else {
                        nix_printed(&serde_json::Value::String(k.clone()))
                    };
                    format!("{key} = {};", nix_printed(v))
                })
                .collect();
            format!("{{ {} }}", inner.join(" "))
        }
    }
}

/// The messages of a report's findings of one rule.
pub fn rule_messages(report: &serde_json::Value, rule: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

/// What Nix's messages say with the fleet's folder left out (qg names files relative to
/// the flake).
pub fn relative_to(dir: &Path, text: &str) -> String {
    text.replace(&format!("{}/", dir.display()), "")
}

/// A JSON list of strings (`nix-instantiate --eval --json`), each without trailing space.
pub fn json_strings(text: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().trim_end().to_string())
        .collect()
}

/// One evaluation compared with Nix 2.8's messages for it: `system` evaluates it with
/// `_module.check` off, `checked` with it on, and reading `unknown_probe` (a path of
/// `config` that exists) makes Nix refuse the first unknown option it meets.
pub struct NixMessages<'a> {
    pub name: &'a str,
    pub dir: &'a Path,
    pub system: String,
    pub checked: String,
    pub unknown_probe: &'a str,
}

impl NixMessages<'_> {
    /// Compares the report's failed assertions (QG105), warnings (QG106), wrong types
    /// (QG102) and unknown options (QG101) with what Nix says; returns how many were
    /// compared and pushes each difference on `failures`.
    pub fn compare(&self, report: &serde_json::Value, failures: &mut Vec<String>) -> usize {
        let (name, dir, system) = (self.name, self.dir, &self.system);
        let mut compared = 0;
        let strip = |m: &str, prefix: &str| m.strip_prefix(prefix).unwrap_or(m).to_string();
        let mut qg_assertions: Vec<String> = rule_messages(report, "QG105")
            .iter()
            .map(|m| strip(m, "Failed assertion: "))
            .collect();
        qg_assertions.sort();
        let nix = nix_instantiate_eval(
            &format!(
                "map (a: a.message) (builtins.filter (a: !a.assertion) {system}.config.assertions)"
            ),
            true,
        );
        match nix {
            Ok(out) => {
                let mut nix_assertions = json_strings(&relative_to(dir, &out));
                nix_assertions.sort();
                if nix_assertions != qg_assertions {
                    failures.push(format!(
                        "{name}: failed assertions: Nix {nix_assertions:?}, qg {qg_assertions:?}"
                    ));
                }
                compared += 1;
            }
            // Nix stops earlier (a wrong type read by an assertion): qg reports that too.
            Err(e) if qg_assertions.is_empty() => eprintln!("{name}: assertions: Nix: {e}"),
            Err(e) => failures.push(format!("{name}: Nix cannot evaluate the assertions: {e}")),
        }
        let qg_warnings: Vec<String> = rule_messages(report, "QG106")
            .iter()
            .map(|m| strip(m, "warning: "))
            .collect();
        if let Ok(out) = nix_instantiate_eval(&format!("{system}.config.warnings"), true) {
            let nix_warnings = json_strings(&relative_to(dir, &out));
            if nix_warnings != qg_warnings {
                failures.push(format!(
                    "{name}: warnings: Nix {nix_warnings:?}, qg {qg_warnings:?}"
                ));
            }
            compared += 1;
        }
        compared += self.compare_wrong_types(report, failures);
        compared + self.compare_unknown(report, failures)
    }

    /// A wrong type: reading the option stops Nix with the same words.
    fn compare_wrong_types(&self, report: &serde_json::Value, failures: &mut Vec<String>) -> usize {
        let (name, system) = (self.name, &self.system);
        let mut compared = 0;
        for message in rule_messages(report, "QG102") {
            let shown = message
                .split_once(". Definition")
                .map_or(message.as_str(), |m| m.0);
            let option = shown
                .split_once('`')
                .and_then(|(_, rest)| rest.split_once('\''))
                .map(|(o, _)| o)
                .unwrap();
            let top = option.split(".\"[definition").next().unwrap();
            let nix = nix_instantiate_eval(
                &format!("builtins.deepSeq {system}.config.{top} null"),
                false,
            );
            match nix {
                Err(e) if e.starts_with(&format!("{shown}.")) => compared += 1,
                other => failures.push(format!("{name}: `{shown}`: Nix says {other:?}")),
            }
        }
        compared
    }

    /// An unknown option: Nix refuses the first one it meets, which qg reports too.
    fn compare_unknown(&self, report: &serde_json::Value, failures: &mut Vec<String>) -> usize {
        let unknown = rule_messages(report, "QG101");
        if unknown.is_empty() {
            return 0;
        }
        let read = format!("{}.config.{}", self.checked, self.unknown_probe);
        match nix_instantiate_eval(&read, false) {
            Err(e) if e.contains("does not exist") => {
                let first = e
                    .split_once(" Definition values")
                    .map_or(e.as_str(), |x| x.0);
                if unknown.iter().any(|m| m.starts_with(first)) {
                    return 1;
                }
                failures.push(format!("{}: Nix: {first}; qg: {unknown:?}", self.name));
            }
            other => failures.push(format!("{}: Nix accepts it: {other:?}", self.name)),
        }
        0
    }
}

/// Every option of an evaluation as Nix 2.8 lists it, by path (sub-options of submodules
/// under `<name>`, 6 levels deep; `_module` left out): its type description, and its
/// default when Nix can print it. `lib` is the nixpkgs tree's `lib` folder. With
/// `text_defaults`, a default documented by a `defaultText` is not compared (`__qg = "text"`).
pub fn nix_option_list(
    evaluation: &str,
    lib: &Path,
    text_defaults: bool,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let text_default = if text_defaults {
        r#"if opt ? defaultText then { __qg = "text"; } else "#
    } else {
        ""
    };
    let expr = format!(
        r#"let
  evaluation = {evaluation};
  lib = import {lib};
  isOption = v: builtins.isAttrs v && (v._type or null) == "option";
  walk = depth: tree: builtins.concatMap (name:
    let v = tree.${{name}}; in
    if isOption v then [ (entry v) ] ++ (if depth > 0 then walk (depth - 1) (v.type.getSubOptions v.loc) else [ ])
    else if builtins.isAttrs v && !(v ? _type) then walk depth v
    else [ ]) (builtins.attrNames tree);
  data = v:
    if builtins.isFunction v || builtins.isPath v || (builtins.isAttrs v && (v ? outPath || v ? _type)) then {{ __qg = "opaque"; }}
    else if builtins.isAttrs v then builtins.mapAttrs (_: data) v
    else if builtins.isList v then map data v
    else v;
  entry = opt: {{
    path = lib.showOption opt.loc;
    type = opt.type.description;
    default = {text_default}if opt ? default then
      (let r = builtins.tryEval (builtins.deepSeq (data opt.default) (data opt.default)); in
       if r.success then {{ value = r.value; }} else {{ __qg = "opaque"; }})
      else {{ __qg = "none"; }};
  }};
in builtins.filter (o: builtins.match ".*_module.*" o.path == null) (walk 6 evaluation.options)"#,
        lib = lib.display()
    );
    let out = nix_instantiate_eval(&expr, true).unwrap();
    let serde_json::Value::Array(items) = serde_json::from_str(&out).unwrap() else {
        panic!("not a list: {out}");
    };
    items
        .into_iter()
        .map(|o| (o["path"].as_str().unwrap().to_string(), o))
        .collect()
}

/// The options of `qg-check options --json` output whose path `keep` accepts, by path.
pub fn qg_option_list(
    listed: &serde_json::Value,
    keep: impl Fn(&str) -> bool,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    listed["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| keep(o["path"].as_str().unwrap()))
        .map(|o| (o["path"].as_str().unwrap().to_string(), o.clone()))
        .collect()
}

/// How qg's option list compares with Nix's (same paths asserted first).
pub struct OptionsCompared {
    /// Defaults qg prints exactly as Nix does.
    pub equal_defaults: usize,
    /// Defaults Nix prints and qg cannot know.
    pub unknown_defaults: usize,
    /// Each difference of type or default.
    pub failures: Vec<String>,
}

/// Compares qg's options with Nix's: the same paths, then per option the type description
/// and the default (see [`nix_option_list`] for the `__qg` marks).
pub fn compare_option_lists(
    nix: &std::collections::BTreeMap<String, serde_json::Value>,
    qg: &std::collections::BTreeMap<String, serde_json::Value>,
) -> OptionsCompared {
    let qg_paths: Vec<&String> = qg.keys().collect();
    let nix_paths: Vec<&String> = nix.keys().collect();
    assert_eq!(qg_paths, nix_paths, "the option paths differ");
    let mut out = OptionsCompared {
        equal_defaults: 0,
        unknown_defaults: 0,
        failures: Vec::new(),
    };
    for (path, o) in nix {
        let q = &qg[path];
        if q["type"] != o["type"] {
            out.failures
                .push(format!("{path}: type: Nix {}, qg {}", o["type"], q["type"]));
        }
        match (&o["default"]["__qg"], q["default"].as_str()) {
            (serde_json::Value::String(kind), None) if kind == "none" => {}
            // Documented by a text (`defaultText`): what the default is is not compared.
            (serde_json::Value::String(kind), Some(_)) if kind == "text" => {}
            (serde_json::Value::String(kind), Some(_)) if kind == "none" => out
                .failures
                .push(format!("{path}: qg has a default, Nix none")),
            (_, None) => out
                .failures
                .push(format!("{path}: Nix has a default, qg none")),
            (_, Some("<unknown>")) => out.unknown_defaults += 1,
            (serde_json::Value::String(kind), Some(q)) if kind == "opaque" => out
                .failures
                .push(format!("{path}: qg knows a default Nix cannot print: {q}")),
            (_, Some(q)) => {
                let nix_text = nix_printed(&o["default"]["value"]);
                if nix_text == q {
                    out.equal_defaults += 1;
                } else {
                    out.failures
                        .push(format!("{path}: default: Nix {nix_text}, qg {q}"));
                }
            }
        }
    }
    out
}

/// How qg's values of a host's `config` compare with Nix's.
pub struct ValuesCompared {
    /// Values qg prints exactly as Nix does.
    pub equal: usize,
    /// The paths whose value qg cannot know (it prints `«…»`): counted, not compared.
    pub unknown: Vec<String>,
    /// Each difference, as `path: Nix …, qg …`.
    pub failures: Vec<String>,
}

/// `qg-check ARGS show web PATH` against `nix-instantiate --eval --strict` of
/// `SYSTEM.config.PATH`, for each path (a thread each). The fleet's folder is left out of
/// both answers: qg names the flake's files relative to it, Nix by absolute path.
pub fn compare_values(dir: &Path, args: &[String], system: &str, paths: &[&str]) -> ValuesCompared {
    let answers: Vec<(String, Result<String, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .map(|path| {
                scope.spawn(move || {
                    let mut show_args = args.to_vec();
                    show_args.extend(["show".to_string(), "web".to_string(), path.to_string()]);
                    let out = qg_check(dir, &as_strs(&show_args));
                    let qg = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
                    let nix = nix_instantiate_eval(&format!("{system}.config.{path}"), false);
                    (relative_to(dir, &qg), nix.map(|n| relative_to(dir, &n)))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut out = ValuesCompared {
        equal: 0,
        unknown: Vec::new(),
        failures: Vec::new(),
    };
    for (path, (qg, nix)) in paths.iter().zip(answers) {
        if qg.contains('«') {
            out.unknown.push(path.to_string());
            continue;
        }
        match nix {
            Ok(nix) if nix == qg => out.equal += 1,
            other => out.failures.push(format!("{path}: Nix {other:?}, qg {qg}")),
        }
    }
    out
}

/// The fleets of a miniature tree (`tests/nixpkgs-mini`, `tests/home-manager-mini`): the
/// folders under its `fleets/`, sorted.
pub fn fleet_names_in(tree: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(tree.join("fleets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// A fleet of a miniature tree copied out of the repository (its file set then comes
/// from a plain walk), in a folder named after `label` and the fleet.
pub fn copy_fleet(tree: &Path, name: &str, label: &str) -> TempDir {
    let temp = TempDir::new(&format!("{label}-{name}"));
    copy_tree(&tree.join("fleets").join(name), temp.path());
    temp
}

/// `--override-input NAME PATH`, as arguments.
pub fn override_input(name: &str, path: &Path) -> Vec<String> {
    vec![
        "--override-input".to_string(),
        name.to_string(),
        path.to_string_lossy().into_owned(),
    ]
}

/// Owned arguments as the `&str`s [`qg_check`] takes.
pub fn as_strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}
