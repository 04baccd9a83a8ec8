{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.user) username;
  enabled = config.qgroget.nixos.isDesktop && config.qgroget.nixos.desktop.desktopEnvironment == "hyprland";
in {
  config = lib.mkIf enabled {
    # PAM service for hyprlock.
    programs.hyprlock.enable = true;

    home-manager.users.${username}.programs.hyprlock = {
      enable = true;
      settings = {
        general = {
          hide_cursor = true;
          grace = 5;
        };

        # Colours and fonts come from Stylix.
        label = [
          {
            text = "$TIME";
            font_size = 64;
            position = "0, 120";
            halign = "center";
            valign = "center";
          }
        ];
      };
    };
  };
}
