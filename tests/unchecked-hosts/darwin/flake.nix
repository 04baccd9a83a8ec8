# One NixOS host and one nix-darwin host: only the first is checked.
{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.darwin.url = "github:nix-darwin/nix-darwin";

  outputs = { nixpkgs, darwin, ... }: {
    nixosConfigurations.builder = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./hosts/builder.nix ];
    };
    darwinConfigurations.laptop = darwin.lib.darwinSystem {
      system = "aarch64-darwin";
      modules = [ ./hosts/laptop.nix ];
    };
  };
}
