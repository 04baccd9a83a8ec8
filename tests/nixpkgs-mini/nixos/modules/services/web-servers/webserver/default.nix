# A small web server: a service with its own user, state directory and unit.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkIf types;
  cfg = config.services.webserver;

  hostOpts = { name, ... }: {
    options = {
      serverName = mkOption {
        type = types.str;
        default = name;
        description = "The name the host answers to (by default the attribute name).";
      };
      root = mkOption {
        type = types.nullOr types.path;
        default = null;
        description = "The directory served.";
      };
      aliases = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Other names of the host.";
      };
    };
  };
in
{
  imports = [
    (lib.mkRenamedOptionModule [ "services" "webserver" "stateDir" ] [ "services" "webserver" "dataDir" ])
  ];

  options.services.webserver = {
    enable = lib.mkEnableOption "the web server";
    package = lib.mkPackageOption pkgs "webserver" { };
    dataDir = mkOption {
      type = types.path;
      default = "/var/lib/webserver";
      description = "Where the web server keeps its state.";
    };
    port = mkOption {
      type = types.port;
      default = 8080;
      description = "The port the web server listens on.";
    };
    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Whether to open the port in the firewall.";
    };
    user = mkOption {
      type = types.str;
      default = "webserver";
      description = "The user the web server runs as.";
    };
    group = mkOption {
      type = types.str;
      default = "webserver";
      description = "The group the web server runs as.";
    };
    logFormat = mkOption {
      type = types.enum [ "common" "combined" "json" ];
      default = "common";
      description = "The format of the access log.";
    };
    virtualHosts = mkOption {
      type = types.attrsOf (types.submodule hostOpts);
      default = { };
      description = "The hosts served.";
    };
    extraConfig = mkOption {
      type = types.lines;
      default = "";
      description = "Lines added to the configuration file.";
    };
  };

  config = mkIf cfg.enable {
    users.users = mkIf (cfg.user == "webserver") {
      webserver = {
        isSystemUser = true;
        group = cfg.group;
        home = cfg.dataDir;
        uid = config.ids.uids.webserver;
      };
    };
    users.groups = mkIf (cfg.group == "webserver") {
      webserver.gid = config.ids.gids.webserver;
    };
    systemd.services.webserver = {
      description = "Web server";
      wantedBy = [ "multi-user.target" ];
      after = [ "network.target" ];
      serviceConfig = {
        ExecStart = "${cfg.package}/bin/webserver --port ${toString cfg.port} --root ${cfg.dataDir}";
        User = cfg.user;
        Group = cfg.group;
        WorkingDirectory = cfg.dataDir;
      };
    };
    networking.firewall.allowedTCPPorts = lib.optional cfg.openFirewall cfg.port;
    environment.systemPackages = [ cfg.package ];
  };
}
