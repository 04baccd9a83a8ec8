{ inputs, self, ... }:
{
  flake.nixosConfigurations.gate = inputs.nixpkgs.lib.nixosSystem {
    system = "x86_64-linux";
    modules = [ self.nixosModules.default ../hosts/gate.nix ];
  };
}
