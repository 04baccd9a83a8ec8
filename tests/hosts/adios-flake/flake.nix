# adios-flake: per-system modules, and the system-agnostic outputs in `flake`.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    adios-flake.url = "github:Mic92/adios-flake";
  };
  outputs = inputs@{ adios-flake, nixpkgs, self, ... }:
    adios-flake.lib.mkFlake {
      inherit inputs self;
      systems = [ "x86_64-linux" ];
      modules = [ ./per-system.nix ];
      flake = {
        nixosConfigurations.relay = nixpkgs.lib.nixosSystem {
          modules = [ ./hosts/relay.nix ];
        };
      };
    };
}
