# Each file of outputs/src/ (loaded by haumea) gives some of the hosts.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    haumea.url = "github:nix-community/haumea";
  };
  outputs = inputs@{ nixpkgs, haumea, ... }:
    let
      inherit (nixpkgs) lib;
      data = haumea.lib.load {
        src = ./outputs/src;
        inputs = { inherit inputs lib; };
      };
    in
    {
      nixosConfigurations = lib.foldl' (acc: it: acc // (it.nixosConfigurations or { })) { } (builtins.attrValues data);
    };
}
