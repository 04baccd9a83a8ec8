# A home-manager user whose settings fail a home-manager assertion.
{
  description = "A failed home-manager assertion";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { nixpkgs, home-manager, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ home-manager.nixosModules.home-manager ./hosts/web.nix ];
    };
  };
}
