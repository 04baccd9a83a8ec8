# A standalone home configuration (no NixOS host): `homeConfigurations.alice`, built
# with home-manager's `lib.homeManagerConfiguration`, whose home.nix has mistakes.
{
  description = "A standalone home-manager configuration";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { nixpkgs, home-manager, ... }: {
    homeConfigurations.alice = home-manager.lib.homeManagerConfiguration {
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      extraSpecialArgs = { team = "infra"; };
      modules = [ ./home.nix ];
    };
  };
}
