# Host one.
{ lib, ... }:
{
  networking.hostName = lib.mkDefault "one";
}
