# A home-manager user imports a module of an input qg cannot read: that user's
# options are not all known, the host's NixOS options still are.
{
  description = "An unreadable module in a user's configuration";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  inputs.shell-theme.url = "github:example/shell-theme";
  outputs = { nixpkgs, home-manager, shell-theme, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      specialArgs = { inherit shell-theme; };
      modules = [ home-manager.nixosModules.home-manager ./hosts/web.nix ];
    };
  };
}
