# Pings hosts from a unit whose user systemd makes up (DynamicUser).
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkIf types;
  cfg = config.services.pinger;
in
{
  options.services.pinger = {
    enable = lib.mkEnableOption "pinger, which pings hosts at intervals";
    package = lib.mkPackageOption pkgs "pinger" { };
    hosts = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "192.0.2.1" "router.home.arpa" ];
      description = "The hosts pinged.";
    };
    interval = mkOption {
      type = types.ints.positive;
      default = 60;
      description = "Seconds between two rounds.";
    };
  };

  config = mkIf cfg.enable {
    systemd.services.pinger = {
      description = "Pinger";
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        DynamicUser = true;
        StateDirectory = "pinger";
        ExecStart = "${cfg.package}/bin/pinger --every ${toString cfg.interval} ${lib.concatStringsSep " " cfg.hosts}";
      };
    };
  };
}
