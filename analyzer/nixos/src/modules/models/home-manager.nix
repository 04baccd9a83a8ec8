# home-manager's flake `lib`: `hm` (its extension of lib) and `homeManagerConfiguration`
# (a home configuration, not a NixOS host). Their names are known, so
# `nixpkgs.lib // home-manager.lib` keeps nixpkgs' lib; their values are not.
{ unknown, ... }:
{
  lib = {
    hm = unknown "input home-manager (lib.hm)";
    homeManagerConfiguration = _: unknown "input home-manager (homeManagerConfiguration)";
  };
}
