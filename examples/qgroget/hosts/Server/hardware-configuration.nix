# Hardware of Server (Intel i5-12500, root on ZFS, data pool on separate drives).
{
  config,
  lib,
  pkgs,
  modulesPath,
  ...
}: {
  imports = [(modulesPath + "/installer/scan/not-detected.nix")];

  boot = {
    initrd.availableKernelModules = ["xhci_pci" "ahci" "nvme" "usbhid" "sd_mod"];
    kernelModules = ["kvm-intel"];
    supportedFilesystems = ["zfs"];
    zfs.forceImportRoot = false;

    # Erase your darlings: the root dataset goes back to its blank snapshot.
    initrd.postResumeCommands = lib.mkAfter ''
      zfs rollback -r rpool/local/root@blank
    '';
  };

  networking.hostId = "8425e349";

  fileSystems = {
    "/persist".neededForBoot = true;
    "/var/log".neededForBoot = true;

    # The data pool (mirror of two HDDs) is not managed by disko: it outlives reinstalls.
    "/mnt/data" = {
      device = "datapool/data";
      fsType = "zfs";
      options = ["zfsutil" "nofail"];
    };
  };

  services.zfs = {
    autoScrub.enable = true;
    trim.enable = true;
  };

  hardware = {
    cpu.intel.updateMicrocode = lib.mkDefault config.hardware.enableRedistributableFirmware;
    enableRedistributableFirmware = true;
    # Quick Sync for Jellyfin and Immich transcoding.
    graphics = {
      enable = true;
      extraPackages = with pkgs; [intel-media-driver vpl-gpu-rt];
    };
  };

  nixpkgs.hostPlatform = lib.mkDefault "x86_64-linux";
}
