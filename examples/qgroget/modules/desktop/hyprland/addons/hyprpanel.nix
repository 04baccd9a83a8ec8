{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.user) username;
  cfg = config.qgroget.nixos;
  enabled = cfg.isDesktop && cfg.desktop.desktopEnvironment == "hyprland";
in {
  config = lib.mkIf enabled {
    # HyprPanel talks to these over D-Bus.
    services = {
      upower.enable = true;
      power-profiles-daemon.enable = lib.mkDefault true;
    };

    home-manager.users.${username}.programs.hyprpanel = {
      enable = true;
      settings = {
        bar = {
          launcher.autoDetectIcon = true;
          clock.format = "%a %d %b  %H:%M";
          workspaces.show_icons = true;
        };
        menus = {
          clock.weather.enabled = false;
          dashboard.powermenu.avatar.image = "/home/${username}/.face";
        };
        theme = {
          bar.transparent = true;
          font.size = "0.95rem";
        };
      };
    };
  };
}
