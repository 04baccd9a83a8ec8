{
  config,
  lib,
  pkgs,
  ...
}: let
  cfg = config.qgroget.nixos;
in {
  config = lib.mkIf (cfg.isDesktop && cfg.apps.media) {
    environment.systemPackages = with pkgs; [
      gimp
      jellyfin-media-player
      kdePackages.kdenlive
      mpv
      obs-studio
      spotify
    ];
  };
}
