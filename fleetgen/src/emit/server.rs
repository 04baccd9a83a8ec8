//! The shared server modules: the `qgroget.services` / `qgroget.backups`
//! options and the traefik, backup and persistence modules that consume them.

use crate::code::Code;

pub(crate) fn options_nix() -> String {
    let mut code = Code::nix();
    code.line("{ lib, ... }:");
    code.open("let");
    code.line("inherit (lib) mkOption types;");
    code.blank();
    service_submodule(&mut code);
    code.blank();
    backup_submodule(&mut code);
    code.close("in");
    code.open("{");
    code.open("options.qgroget = {");
    attrs_of_submodule(
        &mut code,
        "services",
        "serviceOptions",
        "Web services behind traefik.",
    );
    attrs_of_submodule(&mut code, "backups", "backupOptions", "Restic backup jobs.");
    code.close("};");
    code.close("}");
    code.finish()
}

fn attrs_of_submodule(code: &mut Code, name: &str, submodule: &str, description: &str) {
    code.open(&format!("{name} = mkOption {{"));
    code.line(&format!(
        "type = types.attrsOf (types.submodule {submodule});"
    ));
    code.line("default = { };");
    code.line(&format!("description = \"{description}\";"));
    code.close("};");
}

/// Declares `name = mkOption { type; default; description; };` in a submodule.
fn sub_option(code: &mut Code, name: &str, option_type: &str, default: &str, description: &str) {
    code.open(&format!("{name} = mkOption {{"));
    code.line(&format!("type = {option_type};"));
    code.line(&format!("default = {default};"));
    code.line(&format!("description = \"{description}\";"));
    code.close("};");
}

fn service_submodule(code: &mut Code) {
    code.open("serviceOptions =");
    code.line("{ name, ... }:");
    code.open("{");
    code.open("options = {");
    sub_option(
        code,
        "name",
        "types.str",
        "name",
        "Subdomain of the service.",
    );
    code.open("url = mkOption {");
    code.line("type = types.str;");
    code.line("description = \"Backend URL traefik forwards to.\";");
    code.close("};");
    let exposure = "types.enum [ \"private\" \"public\" ]";
    sub_option(
        code,
        "type",
        exposure,
        "\"private\"",
        "Private services require SSO.",
    );
    let paths = "types.listOf types.str";
    sub_option(
        code,
        "persistedData",
        paths,
        "[ ]",
        "Directories kept across reboots.",
    );
    sub_option(
        code,
        "backupDirectories",
        paths,
        "[ ]",
        "Directories to back up.",
    );
    sub_option(
        code,
        "middlewares",
        paths,
        "[ ]",
        "Extra traefik middlewares.",
    );
    let dynamic = "types.attrsOf types.anything";
    sub_option(
        code,
        "traefikDynamicConfig",
        dynamic,
        "{ }",
        "Merged into traefik's dynamic config.",
    );
    sub_option(
        code,
        "journalctl",
        "types.bool",
        "false",
        "Expose the unit's journal.",
    );
    sub_option(
        code,
        "unitName",
        "types.str",
        "\"${name}.service\"",
        "Main systemd unit.",
    );
    code.close("};");
    code.close("};");
    code.dedent();
}

fn backup_submodule(code: &mut Code) {
    code.open("backupOptions =");
    code.line("{ name, ... }:");
    code.open("{");
    code.open("options = {");
    let paths = "types.listOf types.str";
    sub_option(code, "paths", paths, "[ ]", "Paths to back up.");
    sub_option(
        code,
        "systemdUnits",
        paths,
        "[ \"${name}.service\" ]",
        "Units stopped during the backup.",
    );
    sub_option(code, "priority", "types.int", "100", "Lower runs first.");
    sub_option(
        code,
        "preBackup",
        "types.lines",
        "\"\"",
        "Script run before the backup.",
    );
    sub_option(
        code,
        "postBackup",
        "types.lines",
        "\"\"",
        "Script run after the backup.",
    );
    code.close("};");
    code.close("};");
    code.dedent();
}

pub(crate) fn traefik_nix() -> String {
    let mut code = Code::nix();
    code.line("{ config, lib, ... }:");
    code.open("let");
    traefik_bindings(&mut code);
    code.close("in");
    code.open("{");
    code.open("services.traefik = {");
    code.line("enable = true;");
    traefik_static_config(&mut code);
    code.line(
        "dynamicConfigOptions = lib.mkMerge ([ baseDynamicConfig ] ++ serviceDynamicConfigs);",
    );
    code.close("};");
    code.close("}");
    code.finish()
}

fn traefik_bindings(code: &mut Code) {
    code.line("domain = \"qgroget.com\";");
    code.line("registered = config.qgroget.services;");
    code.blank();
    code.line("middlewaresFor =");
    code.line(
        "  svc: lib.unique (lib.optional (svc.type == \"private\") \"SSO\" ++ svc.middlewares);",
    );
    code.blank();
    code.open("mkRouter = name: svc: {");
    code.line("rule = \"Host(`${svc.name}.${domain}`)\";");
    code.line("service = name;");
    code.line("entryPoints = [ \"websecure\" ];");
    code.line("middlewares = middlewaresFor svc;");
    code.line("tls.certResolver = \"letsencrypt\";");
    code.close("};");
    code.blank();
    code.open("mkBackend = _name: svc: {");
    code.line("loadBalancer.servers = [ { inherit (svc) url; } ];");
    code.close("};");
    code.blank();
    traefik_base_dynamic_config(code);
    code.blank();
    code.line("serviceDynamicConfigs = lib.mapAttrsToList (_name: svc: svc.traefikDynamicConfig) registered;");
}

fn traefik_base_dynamic_config(code: &mut Code) {
    code.open("baseDynamicConfig = {");
    code.open("http = {");
    code.line("routers = lib.mapAttrs mkRouter registered;");
    code.line("services = lib.mapAttrs mkBackend registered;");
    code.open("middlewares = {");
    code.open("SSO.forwardAuth = {");
    code.line("address = \"http://127.0.0.1:9091/api/verify?rd=https://auth.${domain}\";");
    code.line("trustForwardHeader = true;");
    code.string_list(
        "authResponseHeaders",
        &["Remote-User", "Remote-Groups", "Remote-Email"],
    );
    code.close("};");
    code.open("rate-limit.rateLimit = {");
    code.line("average = 100;");
    code.line("burst = 50;");
    code.close("};");
    code.close("};");
    code.close("};");
    code.close("};");
}

fn traefik_static_config(code: &mut Code) {
    code.open("staticConfigOptions = {");
    code.open("entryPoints = {");
    code.open("web = {");
    code.line("address = \":80\";");
    code.open("http.redirections.entryPoint = {");
    code.line("to = \"websecure\";");
    code.line("scheme = \"https\";");
    code.close("};");
    code.close("};");
    code.line("websecure.address = \":443\";");
    code.close("};");
    code.open("certificatesResolvers.letsencrypt.acme = {");
    code.line("email = \"admin@${domain}\";");
    code.line("storage = \"/var/lib/traefik/acme.json\";");
    code.line("tlsChallenge = { };");
    code.close("};");
    code.close("};");
}

pub(crate) fn backup_nix() -> String {
    let mut code = Code::nix();
    code.line("{ config, lib, ... }:");
    code.open("let");
    code.line(
        "jobs = lib.sort (a: b: a.priority < b.priority) (lib.attrValues config.qgroget.backups);",
    );
    code.close("in");
    code.open("{");
    code.open("services.restic.backups.qgroget = {");
    code.line("initialize = true;");
    code.line("repository = \"/mnt/backup/restic\";");
    code.line("passwordFile = \"/persist/secrets/restic-password\";");
    code.line("paths = lib.concatMap (job: job.paths) jobs;");
    code.line("backupPrepareCommand = lib.concatMapStringsSep \"\\n\" (job: job.preBackup) jobs;");
    code.line("backupCleanupCommand = lib.concatMapStringsSep \"\\n\" (job: job.postBackup) jobs;");
    code.open("timerConfig = {");
    code.line("OnCalendar = \"daily\";");
    code.line("Persistent = true;");
    code.close("};");
    code.close("};");
    code.close("}");
    code.finish()
}

pub(crate) fn persistence_nix() -> String {
    let mut code = Code::nix();
    code.line("{ config, lib, ... }:");
    code.open("let");
    code.line("servicePaths = lib.concatMap (service: service.persistedData) (lib.attrValues config.qgroget.services);");
    code.close("in");
    code.open("{");
    code.open("environment.persistence.\"/persist\" = {");
    code.line("hideMounts = true;");
    code.open("directories = [");
    for path in [
        "/var/lib/nixos",
        "/var/lib/systemd",
        "/var/lib/containers",
        "/var/lib/traefik",
    ] {
        code.line(&format!("\"{path}\""));
    }
    code.close("] ++ servicePaths;");
    code.string_list("files", &["/etc/machine-id"]);
    code.close("};");
    code.close("}");
    code.finish()
}
