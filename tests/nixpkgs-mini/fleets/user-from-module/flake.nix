{
  description = "Users that NixOS's modules create, as owners of secrets";
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    sops-nix.url = "github:Mic92/sops-nix";
  };
  outputs = { nixpkgs, sops-nix, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ sops-nix.nixosModules.sops ./hosts/web.nix ];
    };
  };
}
