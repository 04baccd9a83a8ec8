{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  # The module creates the user `webserver` and the group `webserver`.
  services.webserver.enable = true;
  sops.defaultSopsFile = ../secrets/web.yaml;
  sops.secrets."webserver/tls-key" = {
    owner = "webserver";
    group = "webserver";
  };
  sops.secrets."webserver/api-token".owner = "webservr"; # expect: QG203
}
