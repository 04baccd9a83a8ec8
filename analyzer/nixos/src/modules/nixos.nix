# What nixpkgs' `nixos/lib/eval-config.nix` puts around a host's modules, for a
# host qg evaluates with a nixpkgs tree's NixOS modules: the base modules (the
# tree's `nixos/modules/module-list.nix`), `modulesPath`, and a module setting
# the platform given to `nixosSystem` and the NixOS module arguments
# (`baseModules`, `extraModules`, `modules`). `pkgs` is qg's own: the tree's
# package set is never evaluated (`_module.args.pkgs` is forced to it).
{ lib, tree, system, pkgs, modules }:
let
  baseModules = import (tree + "/nixos/modules/module-list.nix");
  evalConfig = toString tree + "/nixos/lib/eval-config.nix";
in
{
  inherit baseModules;
  modulesPath = toString tree + "/nixos/modules";
  glue = {
    _file = evalConfig;
    key = "qg:eval-config";
    config = lib.mkMerge (
      lib.optional (system != null) { nixpkgs.system = lib.mkDefault system; }
      ++ [
        {
          _module.args = {
            pkgs = lib.mkForce pkgs;
            inherit baseModules modules;
            extraModules = [ ];
          };
        }
      ]
    );
  };
}
