# One import goes through a lib function qg does not implement.
{ lib, ... }:
{
  imports = [ (lib.fileset.toSource { root = ./.; fileset = ./more.nix; }) ];
  networking.hostName = "crate";
}
