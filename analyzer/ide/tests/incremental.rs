//! Salsa's event log proves that an edit re-parses only the edited file.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use salsa::plumbing::AsId;

use qg_ide::{FlakeHost, RootDatabase};

/// Ids of the files whose parse ran, in order.
type ParseLog = Arc<Mutex<Vec<salsa::Id>>>;

fn flake_with_files(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qg-incr-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn host_with_log(root: &std::path::Path) -> (FlakeHost, ParseLog) {
    let log: ParseLog = Arc::default();
    let sink_log = log.clone();
    let db = RootDatabase::with_event_sink(Box::new(move |event| {
        if let salsa::EventKind::WillExecute { database_key } = event.kind {
            if format!("{database_key:?}").starts_with("parse(") {
                sink_log.lock().unwrap().push(database_key.key_index());
            }
        }
    }));
    (FlakeHost::load(root, db).unwrap(), log)
}

#[test]
fn editing_one_file_reparses_only_that_file() {
    let root = flake_with_files(
        "one",
        &[
            ("flake.nix", "{ outputs = _: { }; }"),
            (
                "hosts/a.nix",
                "{ config, ... }: { networking.hostName = \"a\"; }",
            ),
            (
                "hosts/b.nix",
                "{ config, ... }: { networking.hostName = \"b\"; }",
            ),
        ],
    );
    let (mut host, log) = host_with_log(&root);
    assert!(host.all_diagnostics().is_empty());
    assert_eq!(log.lock().unwrap().len(), 3, "first run parses every file");
    log.lock().unwrap().clear();

    host.set_text(
        "hosts/a.nix",
        "{ config, ... }: { networking.hostName = x; }".into(),
    );
    let found = host.all_diagnostics();
    assert_eq!(found.len(), 1);
    assert_eq!(&*found[0].primary.file, "hosts/a.nix");
    let edited = host.file("hosts/a.nix").unwrap().as_id();
    assert_eq!(
        *log.lock().unwrap(),
        [edited],
        "only the edited file is parsed again"
    );

    log.lock().unwrap().clear();
    assert_eq!(host.all_diagnostics().len(), 1);
    assert!(
        log.lock().unwrap().is_empty(),
        "nothing re-parses without an edit"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

/// Names of the queries that ran (`host_report`, `secret_diagnostics`...), in order.
type QueryLog = Arc<Mutex<Vec<String>>>;

fn host_with_query_log(root: &std::path::Path) -> (FlakeHost, QueryLog) {
    let log: QueryLog = Arc::default();
    let sink_log = log.clone();
    let db = RootDatabase::with_event_sink(Box::new(move |event| {
        if let salsa::EventKind::WillExecute { database_key } = event.kind {
            let key = format!("{database_key:?}");
            let name = key.split('(').next().unwrap_or_default().to_string();
            sink_log.lock().unwrap().push(name);
        }
    }));
    (FlakeHost::load(root, db).unwrap(), log)
}

#[test]
fn editing_a_sops_file_reruns_only_the_secret_rules() {
    let root = std::fs::canonicalize(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/qgroget"),
    )
    .unwrap();
    let (mut host, log) = host_with_query_log(&root);
    assert!(
        host.all_diagnostics().is_empty(),
        "the example fleet is clean"
    );
    let first: Vec<String> = log.lock().unwrap().drain(..).collect();
    for query in ["host_report", "fleet_diagnostics", "secret_diagnostics"] {
        assert!(
            first.iter().any(|q| q == query),
            "{query} runs first: {first:?}"
        );
    }

    let path = "secrets/secrets.yaml";
    let text = host.text(path).unwrap().to_string();
    // The first `admin_password` of the file is lldap's.
    assert!(text.find("    admin_password:") > text.find("lldap:"));
    let edited = text.replacen("    admin_password:", "    admin_pasword:", 1);
    host.set_text(path, edited.into());
    let found = host.all_diagnostics();
    let ran: Vec<String> = log.lock().unwrap().drain(..).collect();
    assert!(ran.iter().any(|q| q == "secret_diagnostics"), "{ran:?}");
    assert!(ran.iter().any(|q| q == "sops_keys"), "{ran:?}");
    for query in [
        "host_report",
        "flake_hosts",
        "fleet_diagnostics",
        "module_diagnostics",
        "parse",
    ] {
        assert!(
            !ran.iter().any(|q| q == query),
            "{query} ran again: {ran:?}"
        );
    }
    let ids: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.rule.as_str(), &*d.primary.file))
        .collect();
    assert_eq!(
        ids,
        [("QG201", "modules/server/SSO/lldap.nix")],
        "the renamed key is missing for the secret that reads it"
    );
}

/// A comment added at the end of a module leaves its host's report as it was: the host is
/// evaluated again, but the fleet's merged findings are not recomputed (salsa backdates the
/// unchanged per-host results).
#[test]
fn a_comment_edit_rechecks_only_the_host_that_reads_the_file() {
    let root = std::fs::canonicalize(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/qgroget"),
    )
    .unwrap();
    let (mut host, log) = host_with_query_log(&root);
    assert!(host.all_diagnostics().is_empty());
    log.lock().unwrap().clear();

    let path = "modules/server/SSO/lldap.nix";
    let text = host.text(path).unwrap().to_string();
    host.set_text(path, format!("{text}\n# a comment\n").into());
    assert!(host.all_diagnostics().is_empty());
    let ran: Vec<String> = log.lock().unwrap().drain(..).collect();
    for query in ["parse", "host_report", "host_diagnostics"] {
        assert!(
            ran.iter().any(|q| q == query),
            "{query} did not run: {ran:?}"
        );
    }
    for query in [
        "module_diagnostics",
        "fleet_diagnostics",
        "secret_diagnostics",
    ] {
        assert!(
            !ran.iter().any(|q| q == query),
            "{query} ran again: {ran:?}"
        );
    }
}
