# Host two.
{ lib, ... }:
{
  networking.hostName = lib.mkDefault "two";
}
