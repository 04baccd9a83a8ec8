# Desktop router: picks the compositor / desktop environment from
# qgroget.nixos.desktop.desktopEnvironment and the matching login manager.
{
  config,
  lib,
  pkgs,
  ...
}: let
  cfg = config.qgroget.nixos;
  de = cfg.desktop.desktopEnvironment;
in {
  imports = [
    ./hyprland/hyprland.nix
    ./niri.nix
    ./login.nix
  ];

  config = lib.mkIf cfg.isDesktop (lib.mkMerge [
    {
      programs.dconf.enable = true;
      services = {
        gvfs.enable = true;
        udisks2.enable = true;
        printing.enable = true;
      };

      xdg.portal = {
        enable = true;
        xdgOpenUsePortal = true;
      };

      fonts.packages = with pkgs; [
        noto-fonts
        noto-fonts-color-emoji
        nerd-fonts.jetbrains-mono
      ];
    }

    (lib.mkIf (de == "kde") {
      services.desktopManager.plasma6.enable = true;
    })

    (lib.mkIf (de == "gnome") {
      services.desktopManager.gnome.enable = true;
      environment.gnome.excludePackages = with pkgs; [epiphany geary gnome-tour];
    })
  ]);
}
