# A home-manager user checked without the home-manager input: its home.nix gets
# the local lints only, never the NixOS rules of the host that imports it.
{
  description = "home.nix without home-manager";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { nixpkgs, home-manager, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ home-manager.nixosModules.home-manager ./hosts/web.nix ];
    };
  };
}
