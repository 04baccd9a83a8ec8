# Server: the homelab. Every web service sits behind Traefik on *.qgroget.com.
{config, ...}: let
  inherit (config.qgroget.server) lanAddress;
in {
  imports = [
    ../global.nix
    ./settings.nix
    ./hardware-configuration.nix
    ./disk-config.nix
    ../../modules/apps
    ../../modules/server
  ];

  networking = {
    networkmanager.enable = false;
    useNetworkd = true;
    useDHCP = false;
  };

  systemd.network = {
    enable = true;
    networks."10-lan" = {
      matchConfig.Name = "enp5s0";
      address = ["${lanAddress}/24"];
      gateway = ["192.168.1.1"];
      # AdGuard Home answers locally, Quad9 as fallback.
      dns = ["127.0.0.1" "9.9.9.9"];
      linkConfig.RequiredForOnline = "routable";
    };
  };

  # Headless: no need for the NixOS manual.
  documentation.nixos.enable = false;

  system.stateVersion = "24.05";
}
