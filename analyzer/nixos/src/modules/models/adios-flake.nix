# adios-flake: `lib.mkFlake { inputs; self; systems; modules; flake; }`. `modules` make
# the per-system outputs (packages, shells, checks), which hold no NixOS host; `flake`
# is the system-agnostic outputs, returned as given (where `nixosConfigurations` lives).
# Every other output is unknown.
{ openSet, knows, ... }:
{
  lib = openSet "input adios-flake" {
    mkFlake = args:
      openSet "input adios-flake (per-system outputs)"
        (if knows "flake" args then args.flake else { });
  };
}
