{
  config,
  lib,
  ...
}: {
  config = lib.mkIf config.qgroget.nixos.isDesktop {
    hardware.bluetooth = {
      enable = true;
      powerOnBoot = true;
      settings.General = {
        Experimental = true;
        FastConnectable = true;
      };
    };

    # KDE and GNOME ship their own applet.
    services.blueman.enable = lib.elem config.qgroget.nixos.desktop.desktopEnvironment ["niri" "hyprland"];
  };
}
