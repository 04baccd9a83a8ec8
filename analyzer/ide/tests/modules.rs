//! The module system on small flakes written inline: merged values (`show`) and findings.

use std::path::PathBuf;

use expect_test::{expect, Expect};

use qg_ide::FlakeHost;
use qg_syntax::LineIndex;

/// A flake with one host `h` whose only module is `configuration.nix`, plus `files`.
const FLAKE: &str = r#"{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  inputs.sops-nix.url = "github:Mic92/sops-nix";
  outputs = { nixpkgs, ... }@inputs: {
    nixosConfigurations.h = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      specialArgs = { inherit inputs; };
      modules = [ ./configuration.nix ];
    };
  };
}
"#;

struct Fleet {
    dir: PathBuf,
    host: FlakeHost,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fleet(name: &str, files: &[(&str, &str)]) -> Fleet {
    let dir = std::env::temp_dir().join(format!("qg-modules-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut all: Vec<(&str, &str)> = vec![("flake.nix", FLAKE)];
    all.extend_from_slice(files);
    for (path, text) in all {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let dir = dir.canonicalize().unwrap();
    let host = FlakeHost::load(&dir, Default::default()).unwrap();
    Fleet { dir, host }
}

/// `qg-check show h <option>` on a fleet made of `files`.
fn show(name: &str, files: &[(&str, &str)], option: &str, expected: Expect) {
    let f = fleet(name, files);
    let out = qg_nixos::show_option(
        f.host.raw_database(),
        f.host.workspace(),
        "h",
        option,
        false,
    )
    .unwrap_or_else(|e| format!("error: {e}"));
    expected.assert_eq(&out);
}

/// The module-system findings: `RULE file:line message`.
fn findings(name: &str, files: &[(&str, &str)], expected: Expect) {
    let f = fleet(name, files);
    let mut out = String::new();
    for d in qg_checks::module_diagnostics(f.host.raw_database(), f.host.workspace()) {
        let text = f.host.text(&d.primary.file).unwrap();
        let at = LineIndex::new(&text).line_col_chars(&text, d.primary.range.start());
        out.push_str(&format!(
            "{} {}:{} {}\n",
            d.rule,
            d.primary.file,
            at.line + 1,
            d.message
        ));
        for fix in &d.fixes {
            out.push_str(&format!("  fix: {}\n", fix.title));
        }
    }
    expected.assert_eq(&out);
}

const OPTIONS: &str = r#"{ lib, ... }: with lib; {
  options.my = {
    name = mkOption { type = types.str; default = "x"; };
    port = mkOption { type = types.port; };
    list = mkOption { type = types.listOf types.str; default = [ ]; };
    text = mkOption { type = types.lines; default = ""; };
    set = mkOption { type = types.attrsOf types.int; default = { }; };
    items = mkOption {
      type = types.attrsOf (types.submodule ({ name, config, ... }: {
        options.label = mkOption { type = types.str; default = "item ${name}"; };
        options.size = mkOption { type = types.int; default = 1; };
        options.double = mkOption { type = types.int; default = config.size * 2; };
      }));
      default = { };
    };
  };
}
"#;

#[test]
fn priorities_pick_the_strongest_definition() {
    show(
        "priorities",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ lib, ... }: {
  imports = [ ./options.nix ./a.nix ];
  my.name = lib.mkDefault "default";
  my.port = lib.mkForce 22;
}"#,
            ),
            ("a.nix", r#"{ my.name = "plain"; my.port = 80; }"#),
        ],
        "my",
        expect![[r#"
            { items = { }; list = [ ]; name = "plain"; port = 22; set = { }; text = ""; }
        "#]],
    );
}

#[test]
fn lists_merge_in_reverse_module_order_with_mkbefore_and_mkafter() {
    show(
        "lists",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ lib, ... }: {
  imports = [ ./options.nix ./a.nix ./b.nix ];
  my.list = [ "host" ];
  my.text = "host";
}"#,
            ),
            (
                "a.nix",
                r#"{ lib, ... }: { my.list = lib.mkAfter [ "a-after" ]; my.text = "a"; }"#,
            ),
            (
                "b.nix",
                r#"{ lib, ... }: { my.list = lib.mkMerge [ [ "b1" ] (lib.mkBefore [ "b-before" ]) ]; my.text = "b"; }"#,
            ),
        ],
        "my",
        expect![[r#"
            { items = { }; list = [ "b-before" "b1" "host" "a-after" ]; name = "x"; port = «error: The option `my.port' was accessed but has no value defined. Try setting the option.»; set = { }; text = "b\na\nhost"; }
        "#]],
    );
}

#[test]
fn conditions_and_submodules() {
    show(
        "submodules",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ config, lib, ... }: {
  imports = [ ./options.nix ];
  config = lib.mkMerge [
    { my.items.a.size = 3; my.set.x = 1; my.port = 3; }
    (lib.mkIf (config.my.port > 2) { my.items.b = { label = "big"; }; my.set.y = 2; })
    (lib.mkIf false { my.items.c = { }; })
    { my.set = lib.mkIf (config.my.name == "x") { z = 3; }; }
  ];
}"#,
            ),
        ],
        "my",
        expect![[r#"
            { items = { a = { double = 6; label = "item a"; size = 3; }; b = { double = 2; label = "big"; size = 1; }; }; list = [ ]; name = "x"; port = 3; set = { x = 1; y = 2; z = 3; }; text = ""; }
        "#]],
    );
}

#[test]
fn unknown_conditions_make_unknown_values_but_are_still_checked() {
    let files = [
        ("options.nix", OPTIONS),
        (
            "configuration.nix",
            r#"{ config, lib, pkgs, ... }: {
  imports = [ ./options.nix ];
  my.port = 80;
  my.name = lib.mkIf pkgs.stdenv.isLinux "linux";
  my.list = lib.mkIf config.services.foo.enable [ 1 ];
  my.items.a = lib.mkIf pkgs.stdenv.isLinux { size = 2; };
}"#,
        ),
    ];
    show(
        "unknown-conditions",
        &files,
        "my",
        expect![[r#"
            { items = { a = { double = «unknown: a definition under an unknown condition»; label = "item a"; size = «unknown: a definition under an unknown condition»; }; «more: a key under an unknown condition» }; list = «unknown: a list with elements under unknown conditions»; name = «unknown: a definition under an unknown condition»; port = 80; set = { }; text = ""; }
        "#]],
    );
    findings(
        "unknown-conditions-findings",
        &files,
        expect![[r#"
            QG102 configuration.nix:5 A definition for option `my.list."[definition 1-entry 1]"' is not of type `string'. Definition value: 1
        "#]],
    );
}

#[test]
fn module_arguments_options_and_lib() {
    show(
        "arguments",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ config, options, lib, pkgs, inputs, modulesPath, myArg, unknownArg, ... }: {
  imports = [ ./options.nix (modulesPath + "/profiles/minimal.nix") inputs.sops-nix.nixosModules.sops ];
  _module.args.myArg = "from _module.args";
  my.name = myArg;
  my.port = 1;
  my.list = [
    (builtins.toJSON (options ? warnings))
    (builtins.toJSON options.my.name.isDefined)
    (lib.notAFunction "x")
    (builtins.typeOf unknownArg)
    ((pkgs.formats.yaml { }).type.description)
  ];
}"#,
            ),
        ],
        "my",
        expect![[r#"
            { items = { }; list = [ "true" "true" «unknown: unimplemented lib function» "${«unknown: type»}" "anything" ]; name = "from _module.args"; port = 1; set = { }; text = ""; }
        "#]],
    );
}

#[test]
fn findings_of_each_kind() {
    findings(
        "findings",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ config, lib, ... }: {
  imports = [ ./options.nix ./other.nix ./missing.nix ];
  my.nmae = "typo";
  my.port = "eighty";
  my.name = "one";
  my.list = lib.optional true [ "nested" ];
  my.items.a.labl = "x";
  assertions = [ { assertion = config.my.name == "two"; message = "name must be two"; } ];
  warnings = [ "a warning" ];
  networking.hostName = config.my.undeclared;
}"#,
            ),
            ("other.nix", r#"{ my.name = "two"; }"#),
        ],
        expect![[r#"
            QG107 configuration.nix:2 `missing.nix` is imported but does not exist
            QG101 configuration.nix:3 The option `my.nmae' does not exist. Did you mean `name'?
              fix: Replace `nmae` by `name`
            QG102 configuration.nix:4 A definition for option `my.port' is not of type `16 bit unsigned integer; between 0 and 65535 (both inclusive)'. Definition value: "eighty"
            QG104 configuration.nix:5 The option `my.name' has conflicting definition values: "one" in `configuration.nix' and "two" in `other.nix'. Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.
            QG109 configuration.nix:6 A definition for option `my.list' is a list inside the list: the option wants elements of type `string'. `lib.optional` wraps its argument in a list; use `lib.optionals` for a list
            QG101 configuration.nix:7 The option `my.items.a.labl' does not exist. Did you mean `label'?
              fix: Replace `labl` by `label`
            QG106 configuration.nix:9 warning: a warning
            QG108 configuration.nix:10 attribute 'undeclared' missing
        "#]],
    );
}

#[test]
fn unknown_options_with_suggestions() {
    findings(
        "unknown-options",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ config, lib, ... }: {
  imports = [ ./options.nix ];
  my.nmae = "typo";
  my.port = 1;
  my.items.a.labl = "x";
  my.items.b = { "sise" = 2; };
  services.nginx.enable = true;
  assertions = [ { assertion = config.my.name == "two"; message = "name must be two"; } ];
}"#,
            ),
        ],
        expect![[r#"
            QG101 configuration.nix:3 The option `my.nmae' does not exist. Did you mean `name'?
              fix: Replace `nmae` by `name`
            QG101 configuration.nix:5 The option `my.items.a.labl' does not exist. Did you mean `label'?
              fix: Replace `labl` by `label`
            QG101 configuration.nix:6 The option `my.items.b.sise' does not exist. Did you mean `size'?
              fix: Replace `sise` by `size`
            QG105 configuration.nix:8 Failed assertion: name must be two
        "#]],
    );
}

#[test]
fn missing_values_are_found_where_they_are_read() {
    findings(
        "missing",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ config, ... }: {
  imports = [ ./options.nix ];
  networking.firewall.allowedTCPPorts = [
    config.my.port
  ];
}"#,
            ),
        ],
        expect![[r#"
            QG103 configuration.nix:4 The option `my.port' was accessed but has no value defined. Try setting the option.
        "#]],
    );
}

#[test]
fn no_recursion_where_nixos_has_none() {
    show(
        "recursion",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ config, lib, ... }: {
  imports = [ ./options.nix ];
  my.items = { a = { }; b.size = 5; };
  my.set = lib.mapAttrs (_: item: item.double) config.my.items;
  my.port = config.my.set.b;
  my.name = config.networking.hostName;
  networking.hostName = "box-${toString config.my.port}";
  services.traefik.dynamicConfigOptions.routers = lib.mapAttrs (n: _: { rule = n; }) config.my.items;
}"#,
            ),
        ],
        "my",
        expect![[r#"
            { items = { a = { double = 2; label = "item a"; size = 1; }; b = { double = 10; label = "item b"; size = 5; }; }; list = [ ]; name = "box-10"; port = 10; set = { a = 2; b = 10; }; text = ""; }
        "#]],
    );
}

#[test]
fn hosts_are_found_however_they_are_built() {
    let f = fleet("hosts", &[("configuration.nix", "{ ... }: { }")]);
    std::fs::write(
        f.dir.join("flake.nix"),
        r#"{
  inputs.nixpkgs.url = "github:nixos/nixpkgs";
  outputs = { self, nixpkgs, ... }: let
    inherit (nixpkgs) lib;
    mk = name: lib.nixosSystem { modules = [ ./hosts/${name}.nix ]; };
  in {
    nixosConfigurations = lib.genAttrs [ "a" "b" ] mk // { c = mk "c"; } // {
      d = nixpkgs.lib.nixosSystem { system = "aarch64-linux"; modules = [ ]; };
    };
  };
}"#,
    )
    .unwrap();
    let host = FlakeHost::load(&f.dir, Default::default()).unwrap();
    let hosts = qg_nixos::flake_hosts(host.raw_database(), host.workspace());
    let listed: Vec<String> = hosts
        .hosts
        .iter()
        .map(|h| format!("{} {:?} {:?}", h.name, h.system, h.modules))
        .collect();
    assert_eq!(
        listed,
        [
            "a None Some(1)",
            "b None Some(1)",
            "c None Some(1)",
            "d Some(\"aarch64-linux\") Some(0)"
        ]
    );
}

#[test]
fn imports_of_files_git_does_not_track_are_reported() {
    let f = fleet(
        "untracked",
        &[
            (
                "configuration.nix",
                "{ ... }: {\n  imports = [\n    ./tracked.nix\n    ./untracked.nix\n  ];\n}\n",
            ),
            ("tracked.nix", "{ networking.hostName = \"h\"; }"),
            ("untracked.nix", "{ networking.domain = \"example.org\"; }"),
        ],
    );
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(&f.dir)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?} failed");
    };
    git(&["init", "-q"]);
    git(&["add", "flake.nix", "configuration.nix", "tracked.nix"]);
    let host = FlakeHost::load(&f.dir, Default::default()).unwrap();
    let found: Vec<String> = qg_checks::module_diagnostics(host.raw_database(), host.workspace())
        .iter()
        .map(|d| format!("{} {} {}", d.rule, d.primary.file, d.message))
        .collect();
    assert_eq!(
        found,
        ["QG107 configuration.nix `untracked.nix` is imported but not tracked by git, so the flake does not see it (git add it)"]
    );
}

/// Memory of repeated evaluations (run by hand: `cargo test -p qg-ide leak -- --ignored
/// --nocapture`): the resident size must stay flat.
#[test]
#[ignore]
fn repeated_evaluations_do_not_leak() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qgroget");
    let mut host = FlakeHost::load(&root.canonicalize().unwrap(), Default::default()).unwrap();
    let path = "modules/server/media/video/jellyfin.nix";
    let original = host.text(path).unwrap();
    let rss = || {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        statm.split(' ').nth(1).unwrap().parse::<usize>().unwrap() * 4
    };
    for i in 0..30 {
        host.set_text(path, format!("{original}\n# {i}\n").into());
        let n = qg_checks::module_diagnostics(host.raw_database(), host.workspace()).len();
        if i % 5 == 0 {
            println!("run {i}: {n} findings, rss {} KB", rss());
        }
    }
}

/// Memory of repeated evaluations of qg's lib (run by hand, as above).
#[test]
#[ignore]
fn lib_evaluation_does_not_leak() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../nixos/src/modules/lib");
    let rss = || {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        statm.split(' ').nth(1).unwrap().parse::<usize>().unwrap() * 4
    };
    let loader = qg_eval::DiskLoader;
    for i in 0..30 {
        let mut ev = qg_eval::Evaluator::new(&loader, &root, Default::default());
        let lib = ev.eval_file(&root.join("default.nix")).unwrap();
        ev.select(&lib, &["types", "str", "description"]).unwrap();
        drop(ev);
        if i % 5 == 0 {
            println!("run {i}: rss {} KB", rss());
        }
    }
}

#[test]
fn renamed_and_removed_options_point_at_their_definitions() {
    findings(
        "renames",
        &[
            ("options.nix", OPTIONS),
            (
                "configuration.nix",
                r#"{ config, lib, ... }: {
  imports = [
    ./options.nix
    (lib.mkRenamedOptionModule [ "my" "title" ] [ "my" "name" ])
    (lib.mkRemovedOptionModule [ "my" "old" ] "Use my.name.")
  ];
  my.port = 1;
  my.title = "renamed";
  my.old = true;
  networking.hostName = config.my.name;
}"#,
            ),
        ],
        expect![[r#"
            QG106 configuration.nix:8 warning: The option `my.title' defined in `configuration.nix' has been renamed to `my.name'.
            QG105 configuration.nix:9 Failed assertion: The option definition `my.old' in `configuration.nix' no longer has any effect; please remove it.
            Use my.name.
        "#]],
    );
}

#[test]
fn an_edit_reevaluates_only_the_hosts_that_read_the_file() {
    use std::sync::{Arc, Mutex};
    let f = fleet(
        "incremental",
        &[
            ("configuration.nix", "{ ... }: { imports = [ ./a.nix ]; }"),
            ("a.nix", "{ networking.hostName = \"a\"; }"),
            ("unrelated.nix", "{ }"),
        ],
    );
    let runs: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = runs.clone();
    let db = qg_ide::RootDatabase::with_event_sink(Box::new(move |event| {
        if let salsa::EventKind::WillExecute { database_key } = event.kind {
            let key = format!("{database_key:?}");
            if key.starts_with("host_report") {
                sink.lock().unwrap().push(key);
            }
        }
    }));
    let mut host = FlakeHost::load(&f.dir, db).unwrap();
    qg_checks::module_diagnostics(host.raw_database(), host.workspace());
    assert_eq!(runs.lock().unwrap().len(), 1, "the host is evaluated once");
    runs.lock().unwrap().clear();

    host.set_text("unrelated.nix", "{ x = 1; }".into());
    qg_checks::module_diagnostics(host.raw_database(), host.workspace());
    assert!(
        runs.lock().unwrap().is_empty(),
        "a file the host does not read changes nothing"
    );

    host.set_text("a.nix", "{ networking.hostName = \"b\"; }".into());
    qg_checks::module_diagnostics(host.raw_database(), host.workspace());
    assert_eq!(
        runs.lock().unwrap().len(),
        1,
        "a file the host reads re-evaluates it"
    );
}

#[test]
fn attributes_beside_an_explicit_config_are_refused() {
    findings(
        "explicit",
        &[(
            "configuration.nix",
            r#"{ lib, ... }: {
  options.my.flag = lib.mkEnableOption "a flag";
  networking.hostName = "lost";
}"#,
        )],
        expect![[r#"
            QG108 configuration.nix:3 Module `configuration.nix' has an unsupported attribute `networking'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: networking) into the explicit `config' attribute.
        "#]],
    );
}

/// What the knowledge packs find on host `h` in its files: `entity|reference kind name
/// file:line`, and the incomplete kinds among `kinds`.
fn facts(name: &str, files: &[(&str, &str)], kinds: &[&str], expected: Expect) {
    let f = fleet(name, files);
    let report = qg_nixos::host_report(
        f.host.raw_database(),
        f.host.workspace(),
        qg_nixos::HostName::new(f.host.raw_database(), "h".to_string()),
    );
    let line = |span: &Option<qg_syntax::Span>| match span {
        Some(s) => {
            let text = f.host.text(&s.file).unwrap();
            format!(
                "{}:{}",
                s.file,
                LineIndex::new(&text).line(s.range.start()) + 1
            )
        }
        None => "-".to_string(),
    };
    let mut out = String::new();
    // Names a pack lists for every host (`root`, `multi-user.target`) are left out.
    let written = report.facts.entities.iter().filter(|e| e.span.is_some());
    for e in written.filter(|e| kinds.contains(&e.kind.as_str())) {
        out.push_str(&format!("entity {} {} {}\n", e.kind, e.name, line(&e.span)));
    }
    for r in &report.facts.references {
        if r.kinds.iter().any(|k| kinds.contains(&k.as_str())) {
            out.push_str(&format!(
                "reference {} {} {}\n",
                r.kinds.join("|"),
                r.name,
                line(&r.span)
            ));
        }
    }
    for k in report
        .facts
        .incomplete
        .iter()
        .filter(|k| kinds.contains(&k.as_str()))
    {
        out.push_str(&format!("incomplete {k}\n"));
    }
    expected.assert_eq(&out);
}

#[test]
fn packs_read_the_flakes_own_definitions_of_outside_options() {
    facts(
        "facts-defs",
        &[(
            "configuration.nix",
            r#"{ lib, ... }: {
  virtualisation.quadlet.containers.web.containerConfig.publishPorts = [ "127.0.0.1:8080:80" "53:53/udp" ];
  virtualisation.quadlet.pods.media = { };
  fileSystems."/" = { device = "none"; fsType = "tmpfs"; };
  environment.persistence."/persist".directories = [ "/var/lib/a" { directory = "/var/lib/b"; user = "nobody"; } ];
  environment.persistence."/old" = { enable = false; directories = [ "/var/lib/c" ]; };
  systemd.services.backup = lib.mkIf false { };
}
"#,
        )],
        &["port", "unit", "ephemeral-root", "persisted-path", "user"],
        expect![[r#"
            entity persisted-path /var/lib/a configuration.nix:5
            entity persisted-path /var/lib/b configuration.nix:5
            entity ephemeral-root /persist configuration.nix:5
            entity ephemeral-root tmpfs configuration.nix:4
            entity unit web.service configuration.nix:2
            entity unit media-pod.service configuration.nix:3
            entity port 8080/tcp configuration.nix:2
            entity port 53/udp configuration.nix:2
            reference user nobody configuration.nix:5
        "#]],
    );
}

#[test]
fn unknown_conditions_make_a_kind_incomplete() {
    facts(
        "facts-unknown",
        &[(
            "configuration.nix",
            r#"{ config, lib, ... }: {
  virtualisation.quadlet.containers = lib.mkIf config.services.xserver.enable { web = { }; };
  users.users.alice.isNormalUser = true;
  sops.secrets.token.owner = "alice";
}
"#,
        )],
        &["unit", "user"],
        expect![[r#"
            entity user alice configuration.nix:3
            reference user alice configuration.nix:4
            incomplete unit
        "#]],
    );
}

/// Every reported finding of rule `rule` on a fleet made of `files`: `RULE file:line message`.
fn reported(name: &str, files: &[(&str, &str)], rule: &str, expected: Expect) {
    let f = fleet(name, files);
    let mut out = String::new();
    for d in f.host.snapshot().all_diagnostics() {
        if d.rule.to_string() != rule {
            continue;
        }
        let text = f.host.text(&d.primary.file).unwrap();
        let at = LineIndex::new(&text).line_col_chars(&text, d.primary.range.start());
        out.push_str(&format!(
            "{} {}:{} {}\n",
            d.rule,
            d.primary.file,
            at.line + 1,
            d.message
        ));
    }
    expected.assert_eq(&out);
}

/// A persisted directory written as a submodule value of an `either str (submodule ...)`
/// list: the owner is reported where it is written, not at the `user` option's
/// declaration.
#[test]
fn a_submodule_field_is_reported_where_it_is_written() {
    reported(
        "provenance-submodule",
        &[
            (
                "options.nix",
                r#"{ lib, ... }: with lib; {
  options.lab.services = mkOption {
    type = types.attrsOf (types.submodule {
      options.persistedData = mkOption {
        type = types.listOf (types.either types.str (types.submodule {
          options.directory = mkOption { type = types.str; };
          options.user = mkOption { type = types.str; default = "root"; };
        }));
        default = [ ];
      };
    });
    default = { };
  };
}
"#,
            ),
            (
                "configuration.nix",
                r#"{ config, lib, ... }: {
  imports = [ ./options.nix ];
  users.users.traefik = { isSystemUser = true; group = "traefik"; };
  lab.services.proxy.persistedData = [
    "/var/lib/acme"
    {
      directory = "/var/lib/traefik";
      user = "traefk";
    }
  ];
  environment.persistence."/persist" = {
    hideMounts = true;
    directories = lib.flatten (lib.mapAttrsToList (_: s: s.persistedData) config.lab.services);
  };
}
"#,
            ),
        ],
        "QG403",
        expect![[r#"
            QG403 configuration.nix:8 persisted directory is owned by user `traefk`, which the host neither declares (`users.users`) nor gets from a service it enables; did you mean `traefik`?
        "#]],
    );
}

/// A secret name made by `listToAttrs (map ...)` is reported at the literal in the list,
/// not at the `name = u;` of the function.
#[test]
fn a_secret_name_made_by_list_to_attrs_is_reported_at_its_literal() {
    reported(
        "provenance-list-to-attrs",
        &[
            (
                "secrets.yaml",
                "db:\n    password: ENC[AES256_GCM,data:eA==,iv:eA==,tag:eA==,type:str]\nsops:\n    version: 3.9.4\n",
            ),
            (
                "configuration.nix",
                r#"{ config, lib, ... }: {
  sops.defaultSopsFile = ./secrets.yaml;
  sops.secrets = builtins.listToAttrs (map (u: {
    name = u;
    value = { owner = "root"; };
  }) [
    "db/password"
    "mail/password"
  ]);
}
"#,
            ),
        ],
        "QG201",
        expect![[r#"
            QG201 configuration.nix:8 secret `mail/password`, which is not in sops file `secrets.yaml`; did you mean `db/password`?
        "#]],
    );
}

/// A host directory that is a symlink to another one is imported through the link, as
/// Nix does: no "No such file" error, and the linked module's definitions count.
#[test]
fn an_import_follows_a_symlink_inside_the_flake() {
    let dir = std::env::temp_dir().join(format!("qg-modules-symlink-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("hosts/real")).unwrap();
    std::fs::write(
        dir.join("flake.nix"),
        FLAKE.replace("./configuration.nix", "./hosts/alias"),
    )
    .unwrap();
    std::fs::write(
        dir.join("hosts/real/default.nix"),
        "{ lib, ... }: {\n  options.my.name = lib.mkOption { type = lib.types.str; };\n  config.my.name = \"real\";\n}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("real", dir.join("hosts/alias")).unwrap();
    let dir = dir.canonicalize().unwrap();
    let host = FlakeHost::load(&dir, Default::default()).unwrap();
    let f = Fleet { dir, host };
    let shown = qg_nixos::show_option(
        f.host.raw_database(),
        f.host.workspace(),
        "h",
        "my.name",
        false,
    );
    let findings = qg_checks::module_diagnostics(f.host.raw_database(), f.host.workspace());
    assert_eq!(shown.as_deref(), Ok("\"real\"\n"));
    assert!(findings.is_empty(), "{findings:?}");
}
