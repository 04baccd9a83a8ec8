{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  services.webserver.enable = true;
  services.webserver.stateDir = "/srv/www"; # expect: QG106
  services.oldsyslog.enable = true; # expect: QG105
  environment.packages = [ ];
}
