{
  description = "A fleet using NixOS's options rightly: nothing to report";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./modules/site.nix ./hosts/web.nix ];
    };
  };
}
