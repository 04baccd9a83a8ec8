{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  boot.loader.systemd-boot = {
    enable = true;
    configurationLimit = 0; # expect: QG105
  };
  services.snapshotd.enable = true; # expect: QG105
  users.users.backup = { # expect: QG105
    isSystemUser = true;
  };
}
