# `lib` is nixpkgs' lib updated with home-manager's: nixosSystem still comes from nixpkgs.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    home-manager.url = "github:nix-community/home-manager";
  };
  outputs = { nixpkgs, home-manager, ... }@inputs:
    let
      lib = nixpkgs.lib // home-manager.lib;
    in
    {
      nixosConfigurations.desk = lib.nixosSystem {
        specialArgs = { inherit inputs; };
        modules = [ ./hosts/desk.nix ];
      };
    };
}
