# A NixOS build machine.
{ ... }:
{
  networking.hostName = "builder";
  system.stateVersion = "26.05";
}
