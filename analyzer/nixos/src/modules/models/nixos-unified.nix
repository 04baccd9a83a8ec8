# nixos-unified: `lib.mkFlake { inputs; root; systems; specialArgs; }` is flake-parts'
# `mkFlake` over every file of `<root>/modules/flake-parts/`; `flakeModules.default` adds
# the output `nixos-unified.lib`, whose `mkLinuxSystem { home-manager; } module` is
# `nixosSystem` of that module with the special argument `flake = { self; inputs;
# config; }` (with `home-manager = true` it also wires home-manager, which qg cannot see).
# macOS systems and home configurations are not NixOS hosts (unknown).
{ lib, unknown, openSet, flakeParts, ... }:
let
  inherit (builtins) attrNames pathExists readDir;

  mkFlake = { inputs, root, systems ? [ ], specialArgs ? { }, ... }:
    let
      dir = "${toString root}/modules/flake-parts";
      files = if pathExists dir then map (n: "${dir}/${n}") (attrNames (readDir dir)) else [ ];
    in
    flakeParts.mkFlake ({ inherit inputs; self = inputs.self or { }; } // specialArgs) {
      inherit systems;
      imports = files;
    };

  flakeModule = { self, inputs, config, ... }:
    let
      flakeArg = { inherit self inputs config; };
      mkLinuxSystem = { home-manager ? false, ... }: module: lib.nixosSystem {
        specialArgs = { flake = flakeArg; };
        modules = [ module ]
          ++ lib.optional home-manager (unknown "input nixos-unified (home-manager wiring)");
      };
    in
    {
      flake.nixos-unified.lib = openSet "input nixos-unified" {
        inherit mkLinuxSystem;
        mkMacosSystem = _: _: unknown "input nixos-unified (mkMacosSystem)";
        mkHomeConfiguration = _: _: unknown "input nixos-unified (mkHomeConfiguration)";
      };
    };
in
{
  lib = openSet "input nixos-unified" { inherit mkFlake; };
  flakeModules = openSet "input nixos-unified" { default = flakeModule; };
  flakeModule = flakeModule;
}
