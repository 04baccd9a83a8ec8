# The host: one secret of its own, read under a misspelt name, and alice's home.
{ config, ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  users.users.alice.isNormalUser = true;
  sops.secrets.database = { };
  systemd.services.app.environment.DB_FILE = config.sops.secrets.databse.path; # expect: QG202
  home-manager.users.alice = import ../home/home.nix;
}
