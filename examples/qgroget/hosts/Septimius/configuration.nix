# Septimius: the laptop, used for school.
{pkgs, ...}: {
  imports = [
    ../global.nix
    ./settings.nix
    ./hardware-configuration.nix
    ./disk-config.nix
    ../../modules/desktop/hyprDesktop.nix
    ../../modules/desktop/impermanence.nix
    ../../modules/apps
  ];

  services = {
    power-profiles-daemon.enable = true;
    fwupd.enable = true;
    fprintd.enable = true;
  };

  environment.systemPackages = [pkgs.brightnessctl];

  system.stateVersion = "25.05";
}
