# Restic: one job (and one timer) per `qgroget.backups` entry, all in the same
# repository. Services that list `backupDirectories` get a job by default.
{
  config,
  lib,
  ...
}: let
  cfg = config.qgroget.backups;
  secrets = config.sops.secrets;
  systemctl = "${config.systemd.package}/bin/systemctl";

  # Every job talks to the same off-site repository.
  repository = {
    repositoryFile = secrets."restic/repository".path;
    passwordFile = secrets."restic/password".path;
    environmentFile = secrets."restic/env".path;
  };

  script = lines: lib.concatLines (lib.filter (line: line != "") lines);

  # priority 0 -> 02:00, 50 -> 03:00, 100 -> 04:00, capped at 23:00.
  hourOf = priority: lib.fixedWidthNumber 2 (lib.min 23 (2 + priority / 50));

  mkJob = name: backup:
    repository
    // {
      initialize = true;
      inherit (backup) paths;
      extraBackupArgs = ["--tag" name "--exclude-caches"];

      backupPrepareCommand = script ([backup.preBackup] ++ map (unit: "${systemctl} stop ${unit}") backup.systemdUnits);
      backupCleanupCommand = script (map (unit: "${systemctl} start ${unit}") backup.systemdUnits ++ [backup.postBackup]);

      timerConfig = {
        OnCalendar = "*-*-* ${hourOf backup.priority}:00:00";
        RandomizedDelaySec = "10m";
        Persistent = true;
      };
    };
in {
  sops.secrets = {
    "restic/password" = {};
    # s3:https://... of the off-site bucket.
    "restic/repository" = {};
    # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for the bucket.
    "restic/env" = {};
  };

  # Default jobs from the services' backupDirectories; a module can refine
  # its job by defining qgroget.backups.<name> itself.
  qgroget.backups = lib.mapAttrs (_name: svc:
    lib.mkDefault {
      paths = svc.backupDirectories;
      systemdUnits = lib.optional (svc.unitName != null) svc.unitName;
    }) (lib.filterAttrs (_: svc: svc.backupDirectories != []) config.qgroget.services);

  services.restic.backups =
    lib.mapAttrs mkJob cfg
    // {
      # Retention and integrity checks in a single weekly job, so that
      # nightly backups never fight over the exclusive lock.
      maintenance =
        repository
        // {
          paths = [];
          pruneOpts = [
            "--group-by host,tags"
            "--keep-daily 7"
            "--keep-weekly 4"
            "--keep-monthly 6"
          ];
          runCheck = true;
          checkOpts = ["--read-data-subset=5%"];
          timerConfig = {
            OnCalendar = "Sun *-*-* 06:00:00";
            Persistent = true;
          };
        };
    };

  assertions =
    lib.mapAttrsToList (name: backup: {
      assertion = backup.paths != [] && lib.all (lib.hasPrefix "/") backup.paths;
      message = "qgroget.backups.${name}: paths must be a non-empty list of absolute paths.";
    })
    cfg;
}
