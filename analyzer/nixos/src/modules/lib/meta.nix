# lib.meta: package metadata helpers (getExe and friends).
{ lib }:
let
  inherit (lib.asserts) assertMsg;
in
rec {
  # `drv` with `newAttrs` added to its `meta`.
  addMetaAttrs = newAttrs: drv: drv // { meta = (drv.meta or { }) // newAttrs; };

  # `meta.priority` 10 (loses file collisions in a profile).
  lowPrio = addMetaAttrs { priority = 10; };

  # `meta.priority` -10 (wins file collisions in a profile).
  hiPrio = addMetaAttrs { priority = -10; };

  # Sets `meta.priority`.
  setPrio = priority: addMetaAttrs { inherit priority; };

  # "<bin output>/bin/<meta.mainProgram>"; without mainProgram it warns and
  # falls back to the package name.
  getExe = x:
    getExe' x (x.meta.mainProgram or (lib.trivial.warn
      "getExe: Package ${lib.strings.escapeNixIdentifier (x.meta.name or x.pname or x.name)} does not have the meta.mainProgram attribute; assuming the main program is named after the package. Set `meta.mainProgram` or use `lib.getExe' pkg \"program\"`."
      (lib.strings.getName x)));

  # "<bin output>/bin/<name>"; the package must be a derivation and the name
  # must be a plain file name (no "/").
  getExe' = x: y:
    assert assertMsg (lib.attrsets.isDerivation x)
      "lib.meta.getExe': The first argument is of type ${builtins.typeOf x}, but it should be a derivation instead.";
    assert assertMsg (builtins.isString y)
      "lib.meta.getExe': The second argument is of type ${builtins.typeOf y}, but it should be a string instead.";
    assert assertMsg (builtins.match ".*/.*" y == null)
      "lib.meta.getExe': The second argument \"${y}\" is a nested path with a \"/\" character, but it should just be the name of the executable instead.";
    "${lib.attrsets.getBin x}/bin/${y}";
}
