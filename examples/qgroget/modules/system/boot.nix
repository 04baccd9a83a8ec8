{
  config,
  lib,
  pkgs,
  ...
}: {
  boot = {
    loader = {
      systemd-boot = {
        enable = lib.mkDefault true;
        configurationLimit = 10;
        editor = false;
      };
      efi.canTouchEfiVariables = true;
      timeout = 3;
    };

    # CachyOS kernel from Chaotic-Nyx on desktops; servers keep the ZFS-friendly default.
    kernelPackages = lib.mkIf config.qgroget.nixos.isDesktop pkgs.linuxPackages_cachyos;

    tmp.cleanOnBoot = true;
  };

  services.scx = lib.mkIf config.qgroget.nixos.isDesktop {
    enable = true;
    scheduler = "scx_lavd";
  };
}
