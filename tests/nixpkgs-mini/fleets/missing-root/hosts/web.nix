{ ... }:
{
  networking.hostName = "web";
  fileSystems."/boot" = { device = "/dev/disk/by-label/ESP"; fsType = "vfat"; }; # expect: QG105
}
