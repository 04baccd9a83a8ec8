# qg's miniature home-manager (tests only), in qg's own words: the layout of
# home-manager's flake (`nixosModules.home-manager`, `lib.homeManagerConfiguration`)
# with half a dozen modules shaped like the real ones. Used as the flake input
# `home-manager` through `--override-input home-manager tests/home-manager-mini`.
{
  description = "qg's miniature home-manager (tests only)";
  outputs = { self }: {
    nixosModules.home-manager = ./nixos;
    nixosModules.default = self.nixosModules.home-manager;
    lib.homeManagerConfiguration =
      { modules ? [ ], pkgs, lib ? pkgs.lib, extraSpecialArgs ? { }, check ? true }:
      import ./modules {
        inherit pkgs lib extraSpecialArgs check;
        configuration = { imports = modules; };
      };
  };
}
