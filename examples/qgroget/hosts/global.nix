# Imported by every hosts/<host>/configuration.nix.
{lib, ...}: {
  imports = [
    ../settings.nix
    ./global_package.nix

    ../modules/system/audio.nix
    ../modules/system/boot.nix
    ../modules/system/bluetooth.nix
    ../modules/system/networking.nix

    ../modules/game/game.nix

    ../modules/shared/sops.nix
    ../modules/shared/nix.nix
    ../modules/shared/users.nix
    ../modules/shared/locale.nix
    ../modules/shared/home.nix
    ../modules/shared/stylix.nix
    ../modules/shared/remote-access.nix
    ../modules/shared/auto-update.nix

    ../modules/logo/logo.nix
    ../modules/logo/plymouth.nix
  ];

  system.stateVersion = lib.mkDefault "25.05";
}
