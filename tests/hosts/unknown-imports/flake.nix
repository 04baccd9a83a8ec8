# A host whose module imports a list qg cannot know: found, but incomplete.
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
  };
}
