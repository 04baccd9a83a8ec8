# Syncthing: the server is the always-on peer of the desktops.
{config, ...}: let
  port = 8384;
  dataDir = "/mnt/data/syncthing";
in {
  sops.secrets = {
    "syncthing/key" = {
      owner = "syncthing";
      restartUnits = ["syncthing.service"];
    };
    "syncthing/cert" = {
      owner = "syncthing";
      restartUnits = ["syncthing.service"];
    };
  };

  services.syncthing = {
    enable = true;
    user = "syncthing";
    group = "syncthing";
    inherit dataDir;
    configDir = "/var/lib/syncthing";
    guiAddress = "127.0.0.1:${toString port}";
    key = config.sops.secrets."syncthing/key".path;
    cert = config.sops.secrets."syncthing/cert".path;
    openDefaultPorts = true;
    overrideDevices = true;
    overrideFolders = true;

    settings = {
      # Behind Traefik the Host header is the public name.
      gui.insecureSkipHostcheck = true;
      options.urAccepted = -1;

      devices = {
        Clovis.id = "HBRPOIG-F3CBFNO-BM2O4RA-K3VRJNV-GFYGWWQ-C5HYFSX-MECOSFO-GYR5XKX";
        Septimius.id = "WNREKPK-5YROUDO-CUZRENU-N7Z5JQI-PQ3ZXOI-7FDHJK3-EYY5QAH-RVHS3K5";
      };

      folders = {
        obsidian = {
          path = "${dataDir}/obsidian";
          devices = ["Clovis" "Septimius"];
          versioning = {
            type = "staggered";
            params.maxAge = "2592000";
          };
        };
        documents = {
          path = "${dataDir}/documents";
          devices = ["Clovis" "Septimius"];
        };
      };
    };
  };

  qgroget.services.syncthing = {
    name = "sync";
    url = "http://127.0.0.1:${toString port}";
    persistedData = ["/var/lib/syncthing"];
    backupDirectories = [dataDir];
    unitName = "syncthing.service";
  };
}
