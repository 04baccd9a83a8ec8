# The host: alice's account and her home-manager configuration.
{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  users.users.alice.isNormalUser = true;
  home-manager.useGlobalPkgs = true;
  home-manager.users.alice = import ../home/home.nix;
}
