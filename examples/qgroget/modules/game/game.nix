{
  config,
  lib,
  pkgs,
  ...
}: let
  cfg = config.qgroget.nixos;
in {
  config = lib.mkMerge [
    (lib.mkIf cfg.gaming {
      programs = {
        steam = {
          enable = true;
          remotePlay.openFirewall = true;
          localNetworkGameTransfers.openFirewall = true;
          gamescopeSession.enable = true;
          extraCompatPackages = [pkgs.proton-ge-bin];
        };
        gamescope = {
          enable = true;
          capSysNice = true;
        };
        gamemode.enable = true;
      };

      hardware.graphics = {
        enable = true;
        enable32Bit = true;
      };

      environment.systemPackages = with pkgs; [
        heroic
        lutris
        mangohud
        prismlauncher
      ];
    })

    (lib.mkIf cfg.vr {
      programs.alvr = {
        enable = true;
        openFirewall = true;
      };
      environment.systemPackages = [pkgs.wlx-overlay-s];
    })
  ];
}
