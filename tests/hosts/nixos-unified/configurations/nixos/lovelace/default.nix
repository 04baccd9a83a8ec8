# Host lovelace: the special argument `flake` gives the flake's inputs.
{ flake, ... }:
{
  networking.hostName = flake.inputs.nixpkgs.lib.mkDefault "lovelace";
}
