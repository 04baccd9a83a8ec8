{
  lib,
  hostname,
  ...
}: {
  networking = {
    hostName = hostname;
    networkmanager.enable = lib.mkDefault true;
    nftables.enable = true;
    firewall.enable = true;
  };
}
