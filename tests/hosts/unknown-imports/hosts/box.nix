# Which modules this imports depends on an input.
{ extras, lib, ... }:
{
  imports = lib.optionals extras.wanted [ ./more.nix ];
  networking.hostName = "box";
}
