# Clovis: the tower. Gaming, VR, streaming to the living room.
{...}: {
  imports = [
    ../global.nix
    ./settings.nix
    ./hardware-configuration.nix
    ./disk-config.nix
    ../../modules/desktop/hyprDesktop.nix
    ../../modules/desktop/impermanence.nix
    ../../modules/apps
  ];

  system.stateVersion = "24.11";
}
