# A flake deployed with colmena: `nixosConfigurations` has one machine, the `colmena`
# output (a hive) has it too and one more, which only colmena deploys.
{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.alpha = nixpkgs.lib.nixosSystem {
      modules = [ ./hosts/alpha.nix ];
    };
    colmena = {
      meta = {
        nixpkgs = import nixpkgs { system = "x86_64-linux"; };
        specialArgs.team = "ops";
        nodeSpecialArgs.beta.rack = 7;
      };
      defaults = { imports = [ ./hosts/common.nix ]; deployment.buildOnTarget = true; };
      alpha = ./hosts/alpha.nix;
      beta = ./hosts/beta.nix;
    };
  };
}
