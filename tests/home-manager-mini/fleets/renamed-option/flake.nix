# A home-manager user whose home.nix sets a renamed option.
{
  description = "A renamed home-manager option";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { nixpkgs, home-manager, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ home-manager.nixosModules.home-manager ./hosts/web.nix ];
    };
  };
}
