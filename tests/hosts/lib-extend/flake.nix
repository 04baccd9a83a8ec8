# Hosts made by a helper of the fleet's own lib, added with `nixpkgs.lib.extend`.
{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }:
    let
      lib = nixpkgs.lib.extend (final: prev: { fleet = import ./lib { lib = final; }; });
    in
    {
      nixosConfigurations = lib.genAttrs [ "one" "two" ] lib.fleet.mkHost;
    };
}
