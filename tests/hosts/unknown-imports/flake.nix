# Hosts whose modules import what qg cannot know: found, but incomplete, saying why.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    extras.url = "github:example/extras";
  };
  outputs = { nixpkgs, extras, ... }: {
    nixosConfigurations.box = nixpkgs.lib.nixosSystem {
      specialArgs = { inherit extras; };
      modules = [ ./hosts/box.nix ];
    };
    nixosConfigurations.crate = nixpkgs.lib.nixosSystem {
      modules = [ ./hosts/crate.nix ];
    };
  };
}
