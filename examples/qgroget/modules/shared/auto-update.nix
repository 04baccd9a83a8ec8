{
  config,
  lib,
  ...
}: let
  cfg = config.qgroget.nixos;
in {
  config = lib.mkIf cfg.auto-update {
    system.autoUpgrade = {
      enable = true;
      flake = "github:QGroget/nixos";
      flags = ["-L" "--refresh"];
      dates = "04:30";
      randomizedDelaySec = "45min";
      # Reboot headless machines at night, never a desktop.
      allowReboot = !cfg.isDesktop;
      rebootWindow = {
        lower = "04:00";
        upper = "06:00";
      };
    };
  };
}
