{...}: let
  port = 6767;
in {
  services.bazarr = {
    enable = true;
    group = "media";
    listenPort = port;
  };

  qgroget.services.bazarr = {
    name = "bazarr";
    url = "http://127.0.0.1:${toString port}";
    persistedData = ["/var/lib/bazarr"];
    backupDirectories = ["/var/lib/bazarr/backup"];
    unitName = "bazarr.service";
  };
}
