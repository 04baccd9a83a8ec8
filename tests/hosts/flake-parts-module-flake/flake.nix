# flake-parts: `flake` written as a module function (as agenix-rekey's own flake does), a
# module qg cannot see (an input's flake module, not on disk), and an output only that
# module may define, read through `self`.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    devshell.url = "github:numtide/devshell";
  };
  outputs = inputs@{ flake-parts, devshell, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } ({ self, ... }: {
      systems = [ "x86_64-linux" ];
      imports = [ devshell.flakeModule ./parts/hosts.nix ];
      flake = { config, lib, ... }: {
        nixosModules.base = ./hosts/base.nix;
        nixosModules.default = config.nixosModules.base;
        # Defined by no module qg sees: unknown, not missing.
        shell = self.devshells or { };
      };
    });
}
