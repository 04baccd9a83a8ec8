# The host: alice and her home-manager configuration.
{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  users.users.alice.isNormalUser = true;
  home-manager.users.alice = import ../home/home.nix;
}
