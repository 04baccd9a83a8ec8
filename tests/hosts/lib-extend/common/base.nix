# Shared settings, and every file of extra/ (listed with lib.filesystem).
{ lib, ... }:
{
  imports = lib.filesystem.listFilesRecursive ./extra;
  networking.firewall.enable = true;
}
