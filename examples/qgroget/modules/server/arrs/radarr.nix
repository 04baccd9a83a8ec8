{config, ...}: let
  port = 7878;
  dataDir = "/var/lib/radarr/.config/Radarr";
in {
  # RADARR__AUTH__APIKEY=...
  sops.secrets."radarr/env" = {
    owner = "radarr";
    restartUnits = ["radarr.service"];
  };

  services.radarr = {
    enable = true;
    group = "media";
    inherit dataDir;
    environmentFiles = [config.sops.secrets."radarr/env".path];
    settings = {
      server = {
        inherit port;
        bindaddress = "127.0.0.1";
      };
      auth.method = "External";
    };
  };

  qgroget.services.radarr = {
    name = "radarr";
    url = "http://127.0.0.1:${toString port}";
    persistedData = ["/var/lib/radarr"];
    backupDirectories = ["${dataDir}/Backups"];
    unitName = "radarr.service";
  };
}
