# The lib of a nixpkgs tree qg reads (an input whose source is on disk): the
# tree's own lib, as the flake's `nixpkgs.lib` is, with two changes:
# - `nixosSystem` is qg's (it records its argument; qg evaluates the host with
#   the tree's NixOS modules itself);
# - `types.coercedTo` types also carry their `coerceFunc`, so that qg's module
#   system can merge them as the lib does (the lib keeps it in a closure).
{ tree, nixosSystem }:
(import (tree + "/lib")).extend (final: prev: {
  inherit nixosSystem;
  types = prev.types // {
    coercedTo = coercedType: coerceFunc: finalType:
      prev.types.coercedTo coercedType coerceFunc finalType // { inherit coerceFunc; };
  };
})
