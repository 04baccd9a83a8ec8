//! The on-disk index of the hosts' options (`--cache-dir`): qg answers the same with a
//! cold index, a warm one, a damaged one and none, on every fleet of
//! `tests/nixpkgs-mini/fleets/` (`--override-input nixpkgs tests/nixpkgs-mini`): the same
//! diagnostics and the same `options --json`.

mod support;

use std::path::{Path, PathBuf};

use support::{copy_tree, fleet_names_in, qg_check, workspace_root, TempDir};

fn mini() -> PathBuf {
    workspace_root().join("tests/nixpkgs-mini")
}

fn fleets() -> Vec<String> {
    fleet_names_in(&mini())
}

/// `qg-check ARGS` with the miniature nixpkgs and the index in `cache` (`None`: off):
/// stdout, and the exit code.
fn run(fleet: &Path, cache: Option<&Path>, args: &[&str]) -> (String, i32) {
    let mini = mini();
    let mut all = vec!["--override-input", "nixpkgs", mini.to_str().unwrap()];
    match cache {
        Some(dir) => all.extend(["--cache-dir", dir.to_str().unwrap()]),
        None => all.push("--no-cache"),
    }
    all.extend_from_slice(args);
    let out = qg_check(fleet, &all);
    let stdout = String::from_utf8(out.stdout).unwrap();
    (stdout, out.status.code().unwrap_or(-1))
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache.join("options")) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn cold_warm_damaged_and_no_index_answer_the_same() {
    for name in fleets() {
        let fleet = TempDir::new(&format!("option-index-{name}"));
        copy_tree(&mini().join("fleets").join(&name), fleet.path());
        let cache = TempDir::new(&format!("option-index-cache-{name}"));
        let check = ["--format", "json"];
        let options = ["options", "web", "--json"];

        let plain_check = run(fleet.path(), None, &check);
        let plain_options = run(fleet.path(), None, &options);
        assert!(
            plain_options.0.contains("\"path\""),
            "{name}: {plain_options:?}"
        );
        assert!(entries(cache.path()).is_empty());

        let cold_options = run(fleet.path(), Some(cache.path()), &options);
        let written = entries(cache.path());
        assert_eq!(written.len(), 1, "{name}: one entry for the host");
        let warm_options = run(fleet.path(), Some(cache.path()), &options);
        let warm_check = run(fleet.path(), Some(cache.path()), &check);
        assert_eq!(cold_options, plain_options, "{name}: cold index");
        assert_eq!(warm_options, plain_options, "{name}: warm index");
        assert_eq!(warm_check, plain_check, "{name}: check with a warm index");

        // A damaged entry is rebuilt, and answers the same.
        std::fs::write(&written[0], b"QGOI\x01\x00\x00\x00not an entry").unwrap();
        let rebuilt = run(fleet.path(), Some(cache.path()), &options);
        assert_eq!(rebuilt, plain_options, "{name}: damaged index");
        assert!(
            std::fs::metadata(&written[0]).unwrap().len() > 100,
            "{name}: rewritten"
        );
    }
}

/// An edit of the flake is a new key: the entry is rewritten (one per host, not one per
/// state of the flake) and the answer follows the edit.
#[test]
fn an_edit_rewrites_the_entry() {
    let fleet = TempDir::new("option-index-edit");
    copy_tree(&mini().join("fleets/clean"), fleet.path());
    let cache = TempDir::new("option-index-edit-cache");
    let options = ["options", "web", "--json"];
    let before = run(fleet.path(), Some(cache.path()), &options).0;
    let site = fleet.path().join("modules/site.nix");
    let text = std::fs::read_to_string(&site).unwrap();
    let edited = text.replacen(
        "options.site = {",
        "options.site = {\n    motto = lib.mkOption { type = lib.types.str; default = \"hi\"; };",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&site, &edited).unwrap();
    let after = run(fleet.path(), Some(cache.path()), &options).0;
    assert_ne!(before, after);
    assert_eq!(after, run(fleet.path(), None, &options).0);
    assert_eq!(entries(cache.path()).len(), 1);
}

/// An entry depends on the files its host reads: an edit of another host's file keeps it
/// (read back, not written again), an edit of a file it reads rewrites it.
#[test]
fn an_edit_of_a_file_the_host_does_not_read_keeps_its_entry() {
    let fleet = TempDir::new("option-index-other-host");
    copy_tree(&mini().join("fleets/clean"), fleet.path());
    let flake = fleet.path().join("flake.nix");
    let text = std::fs::read_to_string(&flake).unwrap();
    let two_hosts = text.replacen(
        "  };\n}",
        "    nixosConfigurations.db = nixpkgs.lib.nixosSystem {\n      system = \"x86_64-linux\";\n      \
         modules = [ ./modules/site.nix ./hosts/db.nix ];\n    };\n  };\n}",
        1,
    );
    assert_ne!(text, two_hosts);
    std::fs::write(&flake, two_hosts).unwrap();
    let web = fleet.path().join("hosts/web.nix");
    let db = fleet.path().join("hosts/db.nix");
    std::fs::copy(&web, &db).unwrap();
    let cache = TempDir::new("option-index-other-host-cache");
    let options = ["options", "web", "--json"];
    let before = run(fleet.path(), Some(cache.path()), &options).0;
    let [entry] = entries(cache.path()).try_into().expect("one entry");
    let written = std::fs::read(&entry).unwrap();

    let db_text = std::fs::read_to_string(&db).unwrap();
    std::fs::write(&db, format!("{db_text}\n# edited\n")).unwrap();
    assert_eq!(run(fleet.path(), Some(cache.path()), &options).0, before);
    assert_eq!(std::fs::read(&entry).unwrap(), written, "the entry is kept");

    let web_text = std::fs::read_to_string(&web).unwrap();
    std::fs::write(&web, format!("{web_text}\n# edited\n")).unwrap();
    assert_eq!(run(fleet.path(), Some(cache.path()), &options).0, before);
    assert_ne!(
        std::fs::read(&entry).unwrap(),
        written,
        "the entry is rewritten"
    );
}
