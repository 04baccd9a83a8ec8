{
  config,
  lib,
  ...
}: let
  cfg = config.qgroget.nixos;
in {
  config = lib.mkIf cfg.isDesktop {
    security.rtkit.enable = true;
    services.pulseaudio.enable = false;

    services.pipewire = {
      enable = true;
      alsa = {
        enable = true;
        support32Bit = true;
      };
      pulse.enable = true;
      # JACK only matters for audio work.
      jack.enable = cfg.apps.media;
      wireplumber.enable = true;
    };
  };
}
