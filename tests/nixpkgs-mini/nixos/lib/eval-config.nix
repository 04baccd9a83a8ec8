# A NixOS system of the miniature: the base modules (`../modules/module-list.nix`)
# evaluated with the given modules, as nixpkgs' `nixos/lib/eval-config.nix`
# does it (same arguments; `lib.nixosSystem` calls it with `system = null`).
{ system ? "x86_64-linux"
, pkgs ? null
, baseModules ? import ../modules/module-list.nix
, extraModules ? [ ]
, specialArgs ? { }
, modules
, prefix ? [ ]
, lib ? import ../../lib
}:
let
  # What eval-config adds to the base modules: the system, a given pkgs.
  pkgsModule = {
    _file = ./eval-config.nix;
    key = toString ./eval-config.nix;
    config = lib.mkMerge (
      lib.optional (system != null) { nixpkgs.system = lib.mkDefault system; }
      ++ lib.optional (pkgs != null) { _module.args.pkgs = lib.mkForce pkgs; }
    );
  };
  modulesModule = {
    config._module.args = { inherit baseModules extraModules modules; };
  };
in
lib.evalModules {
  inherit prefix;
  class = "nixos";
  specialArgs = { modulesPath = toString ../modules; } // specialArgs;
  modules = baseModules ++ extraModules ++ [ pkgsModule modulesModule ] ++ modules;
}
