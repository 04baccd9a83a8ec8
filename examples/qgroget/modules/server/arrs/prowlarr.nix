{config, ...}: let
  port = 9696;
in {
  # Prowlarr runs with DynamicUser: systemd reads the environment file as root.
  sops.secrets."prowlarr/env".restartUnits = ["prowlarr.service"];

  services.prowlarr = {
    enable = true;
    environmentFiles = [config.sops.secrets."prowlarr/env".path];
    settings = {
      server = {
        inherit port;
        bindaddress = "127.0.0.1";
      };
      auth.method = "External";
    };
  };

  qgroget.services.prowlarr = {
    name = "prowlarr";
    url = "http://127.0.0.1:${toString port}";
    # State lives in /var/lib/private/prowlarr, persisted with /var/lib/private.
    backupDirectories = ["/var/lib/private/prowlarr/Backups"];
    unitName = "prowlarr.service";
  };
}
