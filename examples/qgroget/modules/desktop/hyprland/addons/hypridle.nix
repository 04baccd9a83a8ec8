{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.user) username;
  enabled = config.qgroget.nixos.isDesktop && config.qgroget.nixos.desktop.desktopEnvironment == "hyprland";
in {
  config = lib.mkIf enabled {
    home-manager.users.${username}.services.hypridle = {
      enable = true;
      settings = {
        general = {
          lock_cmd = "pidof hyprlock || hyprlock";
          before_sleep_cmd = "loginctl lock-session";
          after_sleep_cmd = "hyprctl dispatch dpms on";
        };

        listener = [
          {
            timeout = 300;
            on-timeout = "loginctl lock-session";
          }
          {
            timeout = 600;
            on-timeout = "hyprctl dispatch dpms off";
            on-resume = "hyprctl dispatch dpms on";
          }
          {
            timeout = 1800;
            on-timeout = "systemctl suspend";
          }
        ];
      };
    };
  };
}
