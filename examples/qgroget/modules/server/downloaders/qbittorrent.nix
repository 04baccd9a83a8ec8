{...}: let
  port = 8080;
  torrentingPort = 51413;
  profileDir = "/var/lib/qBittorrent";
in {
  services.qbittorrent = {
    enable = true;
    group = "media";
    webuiPort = port;
    inherit torrentingPort profileDir;
    openFirewall = true;

    serverConfig = {
      LegalNotice.Accepted = true;
      BitTorrent.Session = {
        DefaultSavePath = "/mnt/data/downloads/torrents";
        TempPathEnabled = false;
        QueueingSystemEnabled = true;
      };
      Preferences.WebUI = {
        Address = "127.0.0.1";
        # Authelia is in front; only the bypass for local clients is needed.
        AuthSubnetWhitelistEnabled = true;
        AuthSubnetWhitelist = "127.0.0.1/32";
        HostHeaderValidation = false;
      };
    };
  };

  qgroget.services.qbittorrent = {
    name = "torrent";
    url = "http://127.0.0.1:${toString port}";
    persistedData = [profileDir];
    backupDirectories = ["${profileDir}/qBittorrent/config"];
    unitName = "qbittorrent.service";
  };
}
