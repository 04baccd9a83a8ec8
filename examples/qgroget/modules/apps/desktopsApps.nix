# Graphical everyday applications: only meaningful on desktops.
{
  config,
  lib,
  pkgs,
  ...
}: let
  cfg = config.qgroget.nixos;
in {
  config = lib.mkIf (cfg.isDesktop && cfg.apps.basic) {
    programs.firefox = {
      enable = true;
      policies = {
        DisableTelemetry = true;
        DisablePocket = true;
        DontCheckDefaultBrowser = true;
      };
    };

    environment.systemPackages = with pkgs; [
      kitty
      nautilus
      pavucontrol
      thunderbird
      vesktop
    ];
  };
}
