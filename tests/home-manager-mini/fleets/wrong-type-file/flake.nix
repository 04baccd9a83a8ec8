# A wrong type inside one file of the user's configuration folder: the file entry cannot be
# read further, but the rest of the user's configuration still is.
{
  description = "A wrong type inside xdg.configFile";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { nixpkgs, home-manager, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ home-manager.nixosModules.home-manager ./hosts/web.nix ];
    };
  };
}
