{...}: let
  port = 2283;
  mediaLocation = "/mnt/data/immich";
in {
  services.immich = {
    enable = true;
    host = "127.0.0.1";
    inherit port mediaLocation;
    group = "media";
    accelerationDevices = ["/dev/dri/renderD128"];
    machine-learning.enable = true;
    # Local PostgreSQL (peer auth) and Redis, both created by the module.
    database.createDB = true;
    redis.enable = true;
  };

  users.users.immich.extraGroups = ["render" "video"];

  qgroget.services.immich = {
    name = "photos";
    url = "http://127.0.0.1:${toString port}";
    # The mobile app authenticates against Immich itself.
    type = "public";
    # Uploads are large and slow: long timeouts, no rate limit.
    traefikDynamicConfig.http = {
      serversTransports.immich.forwardingTimeouts.responseHeaderTimeout = "600s";
      services.immich.loadBalancer.serversTransport = "immich";
    };
    persistedData = ["/var/lib/redis-immich"];
    backupDirectories = [
      "${mediaLocation}/library"
      "${mediaLocation}/upload"
      "${mediaLocation}/profile"
    ];
    journalctl = true;
    unitName = "immich-server.service";
  };

  # Early in the night, in the same window as the database dump (postgresql job).
  qgroget.backups.immich = {
    paths = [
      "${mediaLocation}/library"
      "${mediaLocation}/upload"
      "${mediaLocation}/profile"
    ];
    # Files are only ever added: no need to stop Immich.
    systemdUnits = [];
    priority = 20;
  };
}
