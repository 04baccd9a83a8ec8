# Hardware of Cube (Raspberry Pi 4 Model B, 4 GiB).
{
  lib,
  pkgs,
  ...
}: {
  boot = {
    kernelPackages = pkgs.linuxPackages_rpi4;
    initrd.availableKernelModules = ["xhci_pci" "usbhid" "usb_storage" "vc4" "pcie_brcmstb" "reset-raspberrypi"];

    # The Pi boots through U-Boot and extlinux, not systemd-boot.
    loader = {
      systemd-boot.enable = false;
      efi.canTouchEfiVariables = lib.mkForce false;
      generic-extlinux-compatible.enable = true;
    };
  };

  hardware.enableRedistributableFirmware = true;

  # Keep the SD card alive.
  services.journald.extraConfig = "Storage=volatile";
  zramSwap.enable = true;

  nixpkgs.hostPlatform = lib.mkDefault "aarch64-linux";
}
