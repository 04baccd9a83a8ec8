{ config, lib, pkgs, modulesPath, ... }:
{
  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; };
  fileSystems."/boot" = { device = "/dev/disk/by-label/ESP"; fsType = "vfat"; options = [ "umask=0077" ]; };
  boot.loader.systemd-boot = {
    enable = true;
    configurationLimit = 10;
  };
  networking = {
    hostName = "web";
    domain = "example.org";
    firewall.allowedTCPPorts = [ 22 ];
  };
  site.domain = "example.org";
  services.webserver = {
    port = 8081;
    openFirewall = true;
    logFormat = "json";
    extraConfig = "keepalive 30";
  };
  services.pinger = {
    enable = true;
    hosts = [ "192.0.2.1" config.networking.fqdn ];
    interval = 30;
  };
  services.snapshotd = {
    enable = true;
    paths = [ config.site.root "/home" ];
  };
  users.users.alice = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    description = "Alice";
  };
  users.groups.site.members = [ "alice" ];
  environment.systemPackages = [ pkgs.webserver ];
  system.stateVersion = "26.05";
}
