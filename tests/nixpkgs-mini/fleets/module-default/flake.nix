{
  description = "A default of a NixOS module read by the cross-reference rules";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./modules/backups.nix ./hosts/web.nix ];
    };
  };
}
