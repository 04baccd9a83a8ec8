{
  config,
  lib,
  pkgs,
  ...
}: let
  cfg = config.qgroget.nixos.desktop;

  # Command greetd/tuigreet runs once the user is authenticated.
  sessions = {
    niri = "niri-session";
    hyprland = "uwsm start hyprland-uwsm.desktop";
    kde = "startplasma-wayland";
    gnome = "gnome-session";
  };
  sessionCommand = sessions.${cfg.desktopEnvironment};
in {
  config = lib.mkIf config.qgroget.nixos.isDesktop (lib.mkMerge [
    (lib.mkIf (cfg.loginManager == "greetd") {
      services.greetd = {
        enable = true;
        settings.default_session = {
          command = "${lib.getExe pkgs.tuigreet} --time --remember --asterisks --cmd '${sessionCommand}'";
          user = "greeter";
        };
      };
    })

    (lib.mkIf (cfg.loginManager == "gdm") {
      services.displayManager.gdm.enable = true;
    })

    (lib.mkIf (cfg.loginManager == "sddm") {
      services.displayManager.sddm = {
        enable = true;
        wayland.enable = true;
      };
    })

    (lib.mkIf (cfg.loginManager == "ly") {
      services.displayManager.ly.enable = true;
    })
  ]);
}
