# Vaultwarden in a Quadlet container (not the NixOS module: upstream image,
# auto-updated by podman-auto-update).
{config, ...}: let
  inherit (config.qgroget.server) domain;
  port = 4743;
  dataDir = "/var/lib/vaultwarden";
in {
  # ADMIN_TOKEN and SMTP_PASSWORD; read by systemd/podman as root.
  sops.secrets."vaultwarden/env".restartUnits = ["vaultwarden.service"];

  virtualisation.quadlet.containers.vaultwarden = {
    containerConfig = {
      image = "docker.io/vaultwarden/server:1.34.1";
      volumes = ["${dataDir}:/data:Z"];
      publishPorts = ["127.0.0.1:${toString port}:80"];
      environments = {
        DOMAIN = "https://vault.${domain}";
        SIGNUPS_ALLOWED = "false";
        INVITATIONS_ALLOWED = "true";
        SMTP_HOST = "smtp.fastmail.com";
        SMTP_FROM = "vault@${domain}";
        SMTP_SECURITY = "force_tls";
        SMTP_PORT = "465";
      };
      environmentFiles = [config.sops.secrets."vaultwarden/env".path];
      autoUpdate = "registry";
    };
    serviceConfig.Restart = "always";
  };

  systemd.tmpfiles.rules = ["d ${dataDir} 0700 root root -"];

  qgroget.services.vaultwarden = {
    name = "vault";
    url = "http://127.0.0.1:${toString port}";
    # Bitwarden clients need direct access; Vaultwarden has its own 2FA.
    type = "public";
    middlewares = ["rate-limit"];
    persistedData = [dataDir];
    backupDirectories = [dataDir];
    journalctl = true;
    unitName = "vaultwarden.service";
  };

  # Passwords first, with the container stopped for a consistent SQLite copy.
  qgroget.backups.vaultwarden = {
    paths = [dataDir];
    systemdUnits = ["vaultwarden.service"];
    priority = 0;
  };
}
