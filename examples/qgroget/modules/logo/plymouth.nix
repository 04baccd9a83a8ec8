# Silent boot with a splash screen on desktops.
{
  config,
  lib,
  ...
}: {
  config = lib.mkIf config.qgroget.nixos.isDesktop {
    boot = {
      plymouth = {
        enable = true;
        theme = "bgrt";
      };
      consoleLogLevel = 3;
      initrd.verbose = false;
      kernelParams = ["quiet" "splash" "udev.log_level=3"];
      loader.timeout = lib.mkForce 0;
    };
  };
}
