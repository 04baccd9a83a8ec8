# Options of the homelab: every web service registers itself in
# `qgroget.services`, from which Traefik routes, impermanence and backups
# are generated.
{lib, ...}: let
  inherit (lib) mkOption types;

  serviceModule = {name, ...}: {
    options = {
      name = mkOption {
        type = types.str;
        default = name;
        description = "Subdomain the service is published on (`<name>.<domain>`).";
      };

      url = mkOption {
        type = types.str;
        example = "http://127.0.0.1:8096";
        description = "Upstream URL Traefik forwards to (the service listens on loopback).";
      };

      type = mkOption {
        type = types.enum ["private" "public"];
        default = "private";
        description = ''
          `private` services need a client certificate and an Authelia session
          (the `SSO` middleware); `public` ones are reachable by anyone and
          handle authentication themselves.
        '';
      };

      persistedData = mkOption {
        type = types.listOf types.str;
        default = [];
        example = ["/var/lib/jellyfin"];
        description = "Absolute directories kept across reboots in /persist.";
      };

      backupDirectories = mkOption {
        type = types.listOf types.str;
        default = [];
        description = ''
          Directories worth a restic backup. A backup job named after the
          service is generated from them (see modules/server/backup).
        '';
      };

      middlewares = mkOption {
        type = types.listOf types.str;
        default = [];
        example = ["rate-limit"];
        description = "Extra Traefik middlewares of the router, defined in the dynamic configuration.";
      };

      traefikDynamicConfig = mkOption {
        type = types.attrs;
        default = {};
        description = "Traefik dynamic configuration merged (recursively) into the generated one.";
      };

      journalctl = mkOption {
        type = types.bool;
        default = false;
        description = "Whether `qg-logs` follows the journal of this service (needs `unitName`).";
      };

      unitName = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "jellyfin.service";
        description = "systemd unit running the service.";
      };
    };
  };

  backupModule = {
    options = {
      paths = mkOption {
        type = types.listOf types.str;
        description = "Paths to back up.";
      };

      systemdUnits = mkOption {
        type = types.listOf types.str;
        default = [];
        description = "Units stopped during the backup and started again afterwards.";
      };

      priority = mkOption {
        type = types.int;
        default = 100;
        description = "Lower runs earlier in the night (02:00 for 0, one hour later per 50).";
      };

      preBackup = mkOption {
        type = types.lines;
        default = "";
        description = "Shell commands run before the backup, while the units still run.";
      };

      postBackup = mkOption {
        type = types.lines;
        default = "";
        description = "Shell commands run after the backup, once the units are started again.";
      };
    };
  };
in {
  options.qgroget = {
    server = {
      domain = mkOption {
        type = types.str;
        default = "qgroget.com";
        description = "Base domain of every service.";
      };

      lanAddress = mkOption {
        type = types.str;
        example = "192.168.1.10";
        description = "LAN address of the server; local DNS points service names to it.";
      };

      acmeEmail = mkOption {
        type = types.str;
        description = "Contact address for Let's Encrypt.";
      };
    };

    services = mkOption {
      type = types.attrsOf (types.submodule serviceModule);
      default = {};
      description = "Web services published through Traefik.";
    };

    backups = mkOption {
      type = types.attrsOf (types.submodule backupModule);
      default = {};
      description = "Restic backup jobs.";
    };
  };
}
