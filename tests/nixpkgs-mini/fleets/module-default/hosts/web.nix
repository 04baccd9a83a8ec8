{ config, ... }:
let
  # `/var/lib/webserver` unless the host says otherwise: the module's default.
  webData = config.services.webserver.dataDir;
in
{
  # The root is wiped at every boot; state lives on /persist, bind-mounted in place.
  fileSystems."/" = { device = "none"; fsType = "tmpfs"; };
  fileSystems."/persist" = { device = "/dev/disk/by-label/persist"; fsType = "ext4"; neededForBoot = true; };
  fileSystems.${webData} = { device = "/persist/webserver"; options = [ "bind" ]; };
  networking.hostName = "web";
  services.webserver.enable = true;
  services.pinger = {
    enable = true;
    hosts = [ "192.0.2.1" ];
  };
  qgroget.backups.web.paths = [
    webData
    "/var/lib/pinger" # expect: QG402
  ];
}
