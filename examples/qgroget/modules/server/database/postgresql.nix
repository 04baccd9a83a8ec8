# Shared PostgreSQL (Immich uses it). Data stays in /var/lib/postgresql
# (persisted); restic saves the nightly dumps rather than the live cluster.
{
  config,
  pkgs,
  ...
}: let
  dumpDir = "/var/backup/postgresql";
in {
  services.postgresql = {
    enable = true;
    package = pkgs.postgresql_16;
  };

  services.postgresqlBackup = {
    enable = true;
    backupAll = true;
    location = dumpDir;
    compression = "zstd";
    # Triggered by the restic job below instead of its own timer.
    startAt = [];
  };

  qgroget.backups.postgresql = {
    paths = [dumpDir];
    priority = 10;
    preBackup = ''
      ${config.systemd.package}/bin/systemctl start postgresqlBackup.service
    '';
  };
}
