{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  boot.loader.systemd-boot.enable = "yes"; # expect: QG102
  services.webserver = {
    enable = true;
    port = 80;
    logFormat = "xml"; # expect: QG102
  };
  networking.firewall.allowedTCPPorts = [ 22 "443" ]; # expect: QG102
}
