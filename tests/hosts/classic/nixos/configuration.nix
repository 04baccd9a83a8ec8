# A classic /etc/nixos configuration (no flake), checked with
# `qg-check --nixos-config configuration.nix`. One real mistake: `site.sshPort`
# is a port (site.nix) and is given a string.
{ config, ... }:

{
  imports = [
    ./hardware-configuration.nix
    ./site.nix
  ];

  networking.hostName = "box";
  site.sshPort = "2222";
  services.openssh.ports = [ config.site.sshPort ];
  system.stateVersion = "25.05";
}
