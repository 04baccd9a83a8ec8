# A classic /etc/nixos configuration (no flake), checked with
# `qg-check --nixos-config configuration.nix`. No mistake: `site.sshPort`
# is a port (site.nix) and is given one.
{ config, ... }:

{
  imports = [
    ./hardware-configuration.nix
    ./site.nix
  ];

  networking.hostName = "box";
  site.sshPort = 2222;
  services.openssh.ports = [ config.site.sshPort ];
  system.stateVersion = "25.05";
}
