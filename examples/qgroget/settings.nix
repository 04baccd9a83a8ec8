# Global `qgroget` options, shared by every host.
# Declarations only: each host sets its values in hosts/<host>/settings.nix.
{lib, ...}: let
  inherit (lib) mkOption mkEnableOption types;
in {
  options.qgroget = {
    secretAgeKeyPath = mkOption {
      type = types.str;
      default = "/var/lib/sops/age/keys.txt";
      example = "/persist/var/lib/sops/age/keys.txt";
      description = ''
        Path of the age private key used by sops-nix to decrypt
        `secrets/secrets.yaml`. On hosts with an ephemeral root it must point
        inside the persistent storage so that it exists before activation.
      '';
    };

    user.username = mkOption {
      type = types.str;
      default = "strange";
      description = "Name of the main (interactive) user of the host.";
    };

    nixos = {
      isDesktop = mkEnableOption "the graphical desktop profile (audio, bluetooth, login manager)";

      auto-update = mkEnableOption "unattended upgrades from the fleet repository";

      theme = mkOption {
        type = types.enum ["wide" "nord" "gruvbox" "rose-pine"];
        default = "wide";
        description = "Colour scheme applied through Stylix.";
      };

      desktop = {
        desktopEnvironment = mkOption {
          type = types.enum ["niri" "hyprland" "kde" "gnome"];
          default = "niri";
          description = "Desktop environment or compositor started by the login manager.";
        };

        loginManager = mkOption {
          type = types.enum ["greetd" "gdm" "sddm" "ly"];
          default = "greetd";
          description = "Display/login manager of the desktop.";
        };

        monitors = mkOption {
          type = types.listOf types.str;
          default = [", preferred, auto, 1"];
          example = ["DP-1, 2560x1440@165, 0x0, 1"];
          description = ''
            Monitor lines in Hyprland syntax (`name, mode, position, scale`).
            The niri module translates them to `output` blocks.
          '';
        };
      };

      remote-access = {
        enable = mkEnableOption "remote access (OpenSSH)";
        tailscale.enable = mkEnableOption "the Tailscale mesh VPN";
        sunshine.enable = mkEnableOption "the Sunshine game-streaming host";
      };

      apps = {
        basic = mkEnableOption "the basic command-line and desktop applications";
        school = mkEnableOption "school applications (office suite, notes, LaTeX)";
        dev.enable = mkEnableOption "development tools and the NVF Neovim configuration";
        media = mkEnableOption "media players and editors";
        crypto = mkEnableOption "cryptocurrency wallets";
      };

      gaming = mkEnableOption "Steam, Gamescope and friends";
      vr = mkEnableOption "VR streaming (ALVR)";
    };
  };
}
