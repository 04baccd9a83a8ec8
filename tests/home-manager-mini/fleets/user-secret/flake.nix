# A host and its user each keep their own sops secrets: the user's, declared by a
# home-manager module, are not the host's.
{
  description = "Secrets of the host and of a home-manager user";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { nixpkgs, home-manager, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ home-manager.nixosModules.home-manager ./hosts/secrets.nix ./hosts/web.nix ];
    };
  };
}
