# The fleet's helpers: paths from the root, and a host from its folder.
{ lib }:
rec {
  fromRoot = lib.path.append ../.;
  mkHost = name: lib.nixosSystem {
    specialArgs = { inherit lib; };
    modules = [ (fromRoot "hosts/${name}") (fromRoot "common/base.nix") ];
  };
}
