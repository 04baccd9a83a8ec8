# A derivation's paths are computed from its attributes, as Nix does, without building.
let
  d = derivation { name = "name"; builder = "builder"; system = "system"; };
in
{ inherit (d) drvPath outPath type outputName; out = d.out.outPath; names = builtins.attrNames d; }
