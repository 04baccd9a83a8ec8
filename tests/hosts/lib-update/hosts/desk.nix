# The desktop.
{ inputs, ... }:
{
  imports = [ inputs.home-manager.nixosModules.home-manager ];
  networking.hostName = "desk";
}
