# The host: a misspelt NixOS option, and alice, whose home imports the theme's module.
{ shell-theme, ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  services.webserver.enabel = true; # expect: QG101
  users.users.alice.isNormalUser = true;
  home-manager.extraSpecialArgs = { inherit shell-theme; };
  home-manager.users.alice = import ../home/home.nix;
}
