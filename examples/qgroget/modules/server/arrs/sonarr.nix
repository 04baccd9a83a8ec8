{config, ...}: let
  port = 8989;
  dataDir = "/var/lib/sonarr/.config/NzbDrone";
in {
  # SONARR__AUTH__APIKEY=...
  sops.secrets."sonarr/env" = {
    owner = "sonarr";
    restartUnits = ["sonarr.service"];
  };

  services.sonarr = {
    enable = true;
    group = "media";
    inherit dataDir;
    environmentFiles = [config.sops.secrets."sonarr/env".path];
    settings = {
      server = {
        inherit port;
        bindaddress = "127.0.0.1";
      };
      # Authelia already guards the UI.
      auth.method = "External";
    };
  };

  qgroget.services.sonarr = {
    name = "sonarr";
    url = "http://127.0.0.1:${toString port}";
    persistedData = ["/var/lib/sonarr"];
    # Sonarr writes its own zip backups there every week.
    backupDirectories = ["${dataDir}/Backups"];
    unitName = "sonarr.service";
  };
}
