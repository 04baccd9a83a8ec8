{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  services.webserver = {
    enable = true;
    prot = 8081; # expect: QG101
  };
  users.users.alice = {
    isNormalUser = true;
    extraGroup = [ "wheel" ]; # expect: QG101
  };
  servics.pinger.enable = true; # expect: QG101
}
