# Every folder of machines/ is a host, sharing the flake's own system/ folder.
{ self, inputs, lib, ... }:
let
  machine = name: inputs.nixpkgs.lib.nixosSystem {
    specialArgs = { inherit inputs; };
    modules = [ "${self}/system" "${self}/machines/${name}" ];
  };
in
{
  flake.nixosConfigurations = lib.genAttrs [ "alpha" "beta" ] machine;
}
