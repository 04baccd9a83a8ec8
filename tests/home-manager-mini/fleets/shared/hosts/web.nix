# The host: alice's and bob's accounts, their home-manager configurations and the modules they share.
{ ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  networking.hostName = "web";
  users.users.alice.isNormalUser = true;
  users.users.bob.isNormalUser = true;
  home-manager.useGlobalPkgs = true;
  home-manager.extraSpecialArgs = { team = "infra"; };
  home-manager.sharedModules = [ ../home/shared.nix ];
  home-manager.users.alice = import ../home/home.nix;
  home-manager.users.bob = { osConfig, ... }: {
    home.stateVersion = "25.11";
    editor.name = "nano";
    home.sessionVariables.HOST = osConfig.networking.hostName;
  };
}
