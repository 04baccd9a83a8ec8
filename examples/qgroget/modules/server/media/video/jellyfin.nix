{config, ...}: let
  port = 8096;
  dataDir = "/var/lib/jellyfin";
in {
  sops.secrets."jellyfin/admin_password" = {
    owner = "jellyfin";
    restartUnits = ["jellyfin.service"];
  };

  services.jellyfin = {
    enable = true;
    group = "media";
    inherit dataDir;
  };

  users.users.jellyfin.extraGroups = ["render" "video"];

  # Users, libraries and encoding settings, declared instead of clicked.
  services.declarative-jellyfin = {
    enable = true;

    system = {
      serverName = "QGroget";
      isStartupWizardCompleted = true;
    };

    encoding = {
      enableHardwareEncoding = true;
      hardwareAccelerationType = "qsv";
      hardwareDecodingCodecs = ["h264" "hevc" "vp9" "av1"];
      enableDecodingColorDepth10Hevc = true;
      allowHevcEncoding = true;
    };

    libraries = {
      Movies = {
        enabled = true;
        contentType = "movies";
        pathInfos = ["/mnt/data/media/movies"];
      };
      Shows = {
        enabled = true;
        contentType = "tvshows";
        pathInfos = ["/mnt/data/media/shows"];
      };
      Music = {
        enabled = true;
        contentType = "music";
        pathInfos = ["/mnt/data/media/music"];
      };
    };

    users.admin = {
      mutable = false;
      hashedPasswordFile = config.sops.secrets."jellyfin/admin_password".path;
      permissions.isAdministrator = true;
    };
  };

  qgroget.services.jellyfin = {
    name = "jellyfin";
    url = "http://127.0.0.1:${toString port}";
    # TV and phone apps cannot do forward-auth.
    type = "public";
    middlewares = ["jellyfin-headers" "rate-limit"];
    traefikDynamicConfig.http.middlewares.jellyfin-headers.headers = {
      customResponseHeaders.X-Robots-Tag = "noindex,nofollow";
      contentSecurityPolicy = "frame-ancestors 'self' https://*.${config.qgroget.server.domain}";
    };
    persistedData = [dataDir];
    backupDirectories = ["${dataDir}/config" "${dataDir}/data"];
    journalctl = true;
    unitName = "jellyfin.service";
  };

  # The SQLite databases must be quiet while restic reads them.
  qgroget.backups.jellyfin = {
    paths = ["${dataDir}/config" "${dataDir}/data"];
    systemdUnits = ["jellyfin.service"];
    priority = 50;
  };
}
