{
  config,
  lib,
  pkgs,
  ...
}: let
  inherit (config.qgroget.user) username;
  cfg = config.qgroget.nixos.desktop;

  # "DP-1, 2560x1440@165, 0x0, 1" (Hyprland syntax) -> a niri `output` block.
  # Lines without a connector name are Hyprland catch-alls: niri needs none.
  mkOutput = monitor: let
    parts = map lib.trim (lib.splitString "," monitor);
    name = builtins.elemAt parts 0;
    mode = builtins.elemAt parts 1;
    scale = builtins.elemAt parts 3;
  in
    lib.optionalString (name != "") ''
      output "${name}" {
          ${lib.optionalString (mode != "preferred") ''mode "${mode}"''}
          scale ${scale}
      }
    '';
in {
  config = lib.mkIf (config.qgroget.nixos.isDesktop && cfg.desktopEnvironment == "niri") {
    programs.niri.enable = true;

    environment.systemPackages = with pkgs; [
      fuzzel
      kitty
      mako
      swaybg
      swaylock
      wl-clipboard
      xwayland-satellite
    ];

    home-manager.users.${username}.xdg.configFile."niri/config.kdl".text = ''
      input {
          keyboard {
              xkb {
                  layout "fr"
              }
          }
          touchpad {
              tap
              natural-scroll
          }
          focus-follows-mouse
      }

      ${lib.concatMapStrings mkOutput cfg.monitors}
      layout {
          gaps 10
          default-column-width { proportion 0.5; }
      }

      spawn-at-startup "mako"
      spawn-at-startup "xwayland-satellite"

      binds {
          Mod+Return { spawn "kitty"; }
          Mod+D { spawn "fuzzel"; }
          Mod+Q { close-window; }
          Mod+F { maximize-column; }
          Mod+L { spawn "swaylock"; }
          Mod+Left { focus-column-left; }
          Mod+Right { focus-column-right; }
          Mod+Shift+E { quit; }
      }
    '';
  };
}
