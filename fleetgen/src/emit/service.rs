//! `modules/server/services/svcNNNN.nix`: one self-hosted service, registered
//! with traefik, backups, sops, its own user, and run by systemd or quadlet.

use crate::code::{quote, Code};
use crate::plan::{Exposure, Runtime, ServicePlan};

pub(crate) fn service_nix(service: &ServicePlan) -> String {
    let mut code = Code::nix();
    code.line("{ config, lib, pkgs, ... }:");
    code.open("let");
    code.line(&format!("port = {};", service.port));
    code.line(&format!("dataDir = {};", quote(&service.data_dir())));
    code.line(&format!("cfg = config.qgroget.services.{};", service.id));
    code.close("in");
    code.open("{");
    registration(&mut code, service);
    code.blank();
    backup(&mut code, service);
    code.blank();
    secrets(&mut code, service);
    code.blank();
    user_and_group(&mut code, &service.id);
    code.blank();
    code.line("networking.firewall.allowedTCPPorts = lib.mkIf (cfg.type == \"public\") [ port ];");
    code.blank();
    match service.runtime {
        Runtime::Systemd => systemd_unit(&mut code, service),
        Runtime::Quadlet => quadlet_container(&mut code, service),
    }
    code.close("}");
    code.finish()
}

fn own_middleware(service: &ServicePlan) -> String {
    format!("{}-headers", service.id)
}

fn registration(code: &mut Code, service: &ServicePlan) {
    code.open(&format!("qgroget.services.{} = {{", service.id));
    code.line(&format!("name = {};", quote(&service.subdomain)));
    code.line("url = \"http://127.0.0.1:${toString port}\";");
    let exposure = match service.exposure {
        Exposure::Private => "private",
        Exposure::Public => "public",
    };
    code.line(&format!("type = {};", quote(exposure)));
    code.line("persistedData = [ dataDir ];");
    code.line("backupDirectories = [ \"${dataDir}/data\" ];");
    code.list(
        "middlewares",
        middlewares(service).iter().map(|name| quote(name)),
    );
    if service.has_own_middleware {
        code.open(&format!(
            "traefikDynamicConfig.http.middlewares.{}.headers = {{",
            own_middleware(service)
        ));
        code.line("customResponseHeaders.X-Robots-Tag = \"noindex, nofollow\";");
        code.line("stsSeconds = 31536000;");
        code.close("};");
    }
    code.line(&format!("journalctl = {};", service.journalctl));
    code.line(&format!("unitName = \"{}.service\";", service.id));
    code.close("};");
}

/// SSO for private services, rate limiting for public ones, plus the
/// service's own middleware when it defines one.
fn middlewares(service: &ServicePlan) -> Vec<String> {
    let shared = match service.exposure {
        Exposure::Private => "SSO",
        Exposure::Public => "rate-limit",
    };
    let own = service.has_own_middleware.then(|| own_middleware(service));
    std::iter::once(shared.to_string()).chain(own).collect()
}

fn backup(code: &mut Code, service: &ServicePlan) {
    code.open(&format!("qgroget.backups.{} = {{", service.id));
    code.line("paths = cfg.backupDirectories;");
    code.line("systemdUnits = [ cfg.unitName ];");
    code.line(&format!(
        "priority = lib.mkDefault {};",
        service.backup_priority
    ));
    code.line("preBackup = \"systemctl stop ${cfg.unitName}\";");
    code.line("postBackup = \"systemctl start ${cfg.unitName}\";");
    code.close("};");
}

fn secrets(code: &mut Code, service: &ServicePlan) {
    for name in &service.secret_names {
        let path = quote(&service.secret_path(name));
        let owner = quote(&service.id);
        code.line(&format!("sops.secrets.{path} = {{ owner = {owner}; }};"));
    }
}

fn user_and_group(code: &mut Code, id: &str) {
    code.open(&format!("users.users.{id} = {{"));
    code.line("isSystemUser = true;");
    code.line(&format!("group = {};", quote(id)));
    code.close("};");
    code.line(&format!("users.groups.{id} = {{ }};"));
}

/// The secret handed to the process as an environment file.
fn environment_secret(service: &ServicePlan) -> String {
    let first = &service.secret_names[0];
    format!(
        "config.sops.secrets.{}.path",
        quote(&service.secret_path(first))
    )
}

fn systemd_unit(code: &mut Code, service: &ServicePlan) {
    let id = &service.id;
    code.open(&format!("systemd.services.{id} = {{"));
    code.line(&format!(
        "description = \"{} service {id}\";",
        service.kind.label
    ));
    code.string_list("wantedBy", &["multi-user.target"]);
    code.string_list("after", &["network-online.target"]);
    code.string_list("wants", &["network-online.target"]);
    code.open("environment = {");
    code.line("PORT = toString port;");
    code.line("DATA_DIR = dataDir;");
    code.close("};");
    code.open("serviceConfig = {");
    code.line(&format!(
        "ExecStart = \"${{lib.getExe pkgs.{}}} --listen 127.0.0.1:${{toString port}}\";",
        service.kind.package
    ));
    code.line(&format!("User = {};", quote(id)));
    code.line(&format!("Group = {};", quote(id)));
    code.line(&format!("StateDirectory = {};", quote(id)));
    code.line("WorkingDirectory = dataDir;");
    code.line(&format!(
        "EnvironmentFile = {};",
        environment_secret(service)
    ));
    code.line("Restart = lib.mkDefault \"on-failure\";");
    code.close("};");
    code.close("};");
}

fn quadlet_container(code: &mut Code, service: &ServicePlan) {
    let id = &service.id;
    code.line(&format!(
        "systemd.tmpfiles.rules = [ \"d ${{dataDir}} 0750 {id} {id} -\" ];"
    ));
    code.blank();
    code.open(&format!("virtualisation.quadlet.containers.{id} = {{"));
    code.line("autoStart = true;");
    code.open("containerConfig = {");
    code.line(&format!("image = {};", quote(service.kind.image)));
    code.line(&format!(
        "publishPorts = [ \"127.0.0.1:${{toString port}}:{}\" ];",
        service.kind.container_port
    ));
    code.line("volumes = [ \"${dataDir}:/data:Z\" ];");
    code.line(&format!(
        "environmentFiles = [ {} ];",
        environment_secret(service)
    ));
    code.line("environments.TZ = lib.mkDefault \"Europe/Paris\";");
    code.close("};");
    code.line("serviceConfig.Restart = lib.mkDefault \"always\";");
    code.close("};");
}
