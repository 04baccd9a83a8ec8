{
  config,
  lib,
  pkgs,
  inputs,
  ...
}: let
  inherit (config.qgroget.user) username;
  cfg = config.qgroget.nixos.desktop;
  hyprlandPkgs = inputs.hyprland.packages.${pkgs.stdenv.hostPlatform.system};

  # SUPER+1..9 switches workspace, SUPER+SHIFT+1..9 moves the window there.
  workspaceBinds = builtins.concatLists (builtins.genList (
      i: let
        ws = toString (i + 1);
      in [
        "$mod, code:1${toString i}, workspace, ${ws}"
        "$mod SHIFT, code:1${toString i}, movetoworkspace, ${ws}"
      ]
    )
    9);
in {
  imports = [
    ./addons/hypridle.nix
    ./addons/hyprlock.nix
    ./addons/hyprpanel.nix
  ];

  config = lib.mkIf (config.qgroget.nixos.isDesktop && cfg.desktopEnvironment == "hyprland") {
    programs.hyprland = {
      enable = true;
      withUWSM = true;
      package = hyprlandPkgs.hyprland;
      portalPackage = hyprlandPkgs.xdg-desktop-portal-hyprland;
    };

    environment.systemPackages = with pkgs; [
      fuzzel
      grimblast
      kitty
      wl-clipboard
    ];

    home-manager.users.${username}.wayland.windowManager.hyprland = {
      enable = true;
      # Use the packages installed by the NixOS module.
      package = null;
      portalPackage = null;
      # UWSM starts the session.
      systemd.enable = false;

      settings = {
        monitor = cfg.monitors;
        "$mod" = "SUPER";

        input = {
          kb_layout = "fr";
          follow_mouse = 1;
          touchpad.natural_scroll = true;
        };

        general = {
          gaps_in = 5;
          gaps_out = 10;
          border_size = 2;
          layout = "dwindle";
        };

        decoration.rounding = 8;

        bind =
          [
            "$mod, Return, exec, kitty"
            "$mod, D, exec, fuzzel"
            "$mod, Q, killactive"
            "$mod, F, fullscreen"
            "$mod, V, togglefloating"
            ", Print, exec, grimblast copy area"
          ]
          ++ workspaceBinds;

        bindm = [
          "$mod, mouse:272, movewindow"
          "$mod, mouse:273, resizewindow"
        ];
      };
    };
  };
}
