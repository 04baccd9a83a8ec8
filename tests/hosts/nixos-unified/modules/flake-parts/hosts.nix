# Each folder of configurations/nixos/ is a host, built by nixos-unified.
{ self, inputs, ... }:
let
  inherit (inputs.nixpkgs) lib;
  mkNixos = self.nixos-unified.lib.mkLinuxSystem { home-manager = false; };
  dir = ../../configurations/nixos;
in
{
  flake.nixosConfigurations = lib.mapAttrs (name: _: mkNixos (dir + "/${name}"))
    (lib.filterAttrs (_: type: type == "directory") (builtins.readDir dir));
}
