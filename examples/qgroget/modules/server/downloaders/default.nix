# Downloaders write to the data pool; the *arrs pick the files up from there.
{...}: {
  imports = [
    ./qbittorrent.nix
    ./slskd.nix
  ];

  systemd.tmpfiles.rules = [
    "d /mnt/data/downloads 2775 root media -"
    "d /mnt/data/downloads/torrents 2775 root media -"
    "d /mnt/data/downloads/soulseek 2775 root media -"
  ];
}
