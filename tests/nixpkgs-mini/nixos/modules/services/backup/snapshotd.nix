# Snapshots of directories, kept for some days.
{ config, lib, ... }:
let
  inherit (lib) mkOption mkIf types;
  cfg = config.services.snapshotd;
in
{
  options.services.snapshotd = {
    enable = lib.mkEnableOption "snapshotd";
    paths = mkOption {
      type = types.listOf types.path;
      default = [ ];
      description = "The directories snapshotted.";
    };
    keep = mkOption {
      type = types.ints.positive;
      default = 7;
      description = "How many days of snapshots are kept.";
    };
    repository = mkOption {
      type = types.path;
      default = "/var/lib/snapshotd";
      description = "Where the snapshots are kept.";
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.paths != [ ];
        message = "services.snapshotd is enabled but services.snapshotd.paths names no directory to snapshot.";
      }
    ];
    users.users.snapshotd = {
      isSystemUser = true;
      group = "nogroup";
      uid = config.ids.uids.snapshotd;
      home = cfg.repository;
    };
    systemd.services.snapshotd = {
      description = "Snapshots of ${toString (builtins.length cfg.paths)} directories";
      serviceConfig.User = "snapshotd";
    };
  };
}
