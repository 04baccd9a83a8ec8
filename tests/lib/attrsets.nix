# Tests of lib.attrsets (facts sheet §6 and the documented behaviour).
let
  lib = import ../../analyzer/nixos/src/modules/lib;
  drv = { type = "derivation"; name = "p"; outPath = "/nix/store/abc-p"; };
in
{
  attrByPathFound = { expr = lib.attrByPath [ "a" "b" ] 0 { a.b = 1; }; expected = 1; };
  attrByPathMissing = { expr = lib.attrByPath [ "a" "c" ] 0 { a.b = 1; }; expected = 0; };
  attrByPathNotASet = { expr = lib.attrByPath [ "a" "b" ] 0 { a = 3; }; expected = 0; };
  attrByPathEmpty = { expr = lib.attrByPath [ ] 0 { a = 1; }; expected = { a = 1; }; };
  attrByPathLazyDefault = { expr = lib.attrByPath [ "a" ] (throw "no") { a = 2; }; expected = 2; };
  hasAttrByPathYes = { expr = lib.hasAttrByPath [ "a" "b" ] { a.b = null; }; expected = true; };
  hasAttrByPathNo = { expr = lib.hasAttrByPath [ "a" "b" "c" ] { a.b = 1; }; expected = false; };
  hasAttrByPathEmpty = { expr = lib.hasAttrByPath [ ] { }; expected = true; };
  setAttrByPath = { expr = lib.setAttrByPath [ "a" "b" "c" ] 1; expected = { a.b.c = 1; }; };
  setAttrByPathEmpty = { expr = lib.setAttrByPath [ ] 1; expected = 1; };
  getAttrFromPath = { expr = lib.getAttrFromPath [ "x" "y" ] { x.y = "z"; }; expected = "z"; };
  getAttrFromPathAborts = { expr = lib.getAttrFromPath [ "x" "q" ] { x.y = "z"; }; expectedError = "cannot find attribute 'x.q'"; };
  longestValidPathPrefix = { expr = lib.longestValidPathPrefix [ "a" "b" "c" ] { a.b = 1; }; expected = [ "a" "b" ]; };
  showAttrPath = { expr = lib.attrsets.showAttrPath [ "a" "b.c" "with" ]; expected = ''a."b.c"."with"''; };
  showAttrPathRoot = { expr = lib.attrsets.showAttrPath [ ]; expected = "<root attribute path>"; };

  mapAttrs = { expr = lib.mapAttrs (n: v: n + v) { a = "1"; b = "2"; }; expected = { a = "a1"; b = "b2"; }; };
  mapAttrsPrime = { expr = lib.mapAttrs' (n: v: lib.nameValuePair "x${n}" (v * 2)) { a = 1; b = 2; }; expected = { xa = 2; xb = 4; }; };
  mapAttrsPrimeDuplicateFirstWins = { expr = lib.mapAttrs' (n: v: lib.nameValuePair "k" v) { a = 1; b = 2; }; expected = { k = 1; }; };
  mapAttrsToList = { expr = lib.mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; }; expected = [ "a=1" "b=2" ]; };
  attrNamesByteOrder = { expr = lib.attrNames { a = 1; B = 2; _c = 3; }; expected = [ "B" "_c" "a" ]; };
  attrValuesOrder = { expr = lib.attrValues { b = 2; a = 1; }; expected = [ 1 2 ]; };
  mapAttrsRecursive = { expr = lib.mapAttrsRecursive (p: v: lib.concatStringsSep "." p) { a.b = 1; c = 2; }; expected = { a.b = "a.b"; c = "c"; }; };
  mapAttrsRecursiveCond = {
    expr = lib.mapAttrsRecursiveCond (s: !(s ? stop)) (p: v: p) { a = { stop = 1; }; b.c = 2; };
    expected = { a = [ "a" ]; b.c = [ "b" "c" ]; };
  };
  genAttrs = { expr = lib.genAttrs [ "a" "b" ] (n: n + n); expected = { a = "aa"; b = "bb"; }; };
  genAttrsPrime = { expr = lib.genAttrs' [ 1 2 ] (i: lib.nameValuePair "n${toString i}" i); expected = { n1 = 1; n2 = 2; }; };
  optionalAttrsTrue = { expr = lib.optionalAttrs true { a = 1; }; expected = { a = 1; }; };
  optionalAttrsFalseLazy = { expr = lib.optionalAttrs false (throw "x"); expected = { }; };
  nameValuePair = { expr = lib.nameValuePair "a" 1; expected = { name = "a"; value = 1; }; };
  filterAttrs = { expr = lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; c = 3; }; expected = { b = 2; c = 3; }; };
  filterAttrsByName = { expr = lib.filterAttrs (n: _: n != "a") { a = 1; b = 2; }; expected = { b = 2; }; };
  filterAttrsRecursive = {
    expr = lib.filterAttrsRecursive (n: v: v != null) { a = null; b = { c = null; d = 1; }; };
    expected = { b = { d = 1; }; };
  };
  recursiveUpdate = {
    expr = lib.recursiveUpdate { a = { b = 1; c = 2; }; d = 1; } { a = { b = 3; }; e = 4; };
    expected = { a = { b = 3; c = 2; }; d = 1; e = 4; };
  };
  recursiveUpdateNonSetWins = { expr = lib.recursiveUpdate { a = { b = 1; }; } { a = 5; }; expected = { a = 5; }; };
  recursiveUpdateSetOverValue = { expr = lib.recursiveUpdate { a = 5; } { a = { b = 1; }; }; expected = { a = { b = 1; }; }; };
  recursiveUpdateDerivations = {
    expr = lib.recursiveUpdate { p = drv; } { p = { extra = 1; }; };
    expected = { p = drv // { extra = 1; }; };
  };
  recursiveUpdateUntil = {
    expr = lib.recursiveUpdateUntil (path: l: r: path == [ "a" ]) { a = { x = 1; }; b = { y = 1; }; } { a = { z = 2; }; b = { w = 2; }; };
    expected = { a = { z = 2; }; b = { y = 1; w = 2; }; };
  };
  zipAttrsWith = { expr = lib.zipAttrsWith (n: vs: vs) [ { a = 1; } { a = 2; b = 3; } ]; expected = { a = [ 1 2 ]; b = [ 3 ]; }; };
  zipAttrs = { expr = lib.zipAttrs [ { a = 1; } { a = 2; } ]; expected = { a = [ 1 2 ]; }; };
  zipAttrsWithNames = { expr = lib.zipAttrsWithNames [ "a" ] (n: vs: vs) [ { a = 1; b = 1; } { a = 2; } ]; expected = { a = [ 1 2 ]; }; };
  foldAttrs = { expr = lib.foldAttrs (v: acc: [ v ] ++ acc) [ ] [ { a = 1; } { a = 2; b = 3; } ]; expected = { a = [ 1 2 ]; b = [ 3 ]; }; };
  foldAttrsOrder = { expr = lib.foldAttrs (v: acc: "(${v} ${acc})") "n" [ { a = "1"; } { a = "2"; } ]; expected = { a = "(1 (2 n))"; }; };
  foldlAttrs = { expr = lib.foldlAttrs (acc: n: v: acc ++ [ n v ]) [ ] { b = 2; a = 1; }; expected = [ "a" 1 "b" 2 ]; };
  mergeAttrsList = { expr = lib.mergeAttrsList [ { a = 1; b = 1; } { b = 2; } { c = 3; } ]; expected = { a = 1; b = 2; c = 3; }; };
  concatMapAttrs = { expr = lib.concatMapAttrs (n: v: { "${n}1" = v; "${n}2" = v; }) { a = 1; b = 2; }; expected = { a1 = 1; a2 = 1; b1 = 2; b2 = 2; }; };
  collect = { expr = lib.collect builtins.isInt { a = 1; b = { c = 2; d = "x"; }; }; expected = [ 1 2 ]; };
  collectStops = { expr = lib.collect (x: x ? v) { a = { v = 1; w = { v = 2; }; }; b.c = { v = 3; }; }; expected = [ { v = 1; w = { v = 2; }; } { v = 3; } ]; };
  attrsToList = { expr = lib.attrsToList { b = 2; a = 1; }; expected = [ { name = "a"; value = 1; } { name = "b"; value = 2; } ]; };
  attrVals = { expr = lib.attrVals [ "b" "a" ] { a = 1; b = 2; }; expected = [ 2 1 ]; };
  getAttrs = { expr = lib.getAttrs [ "a" ] { a = 1; b = 2; }; expected = { a = 1; }; };
  catAttrs = { expr = lib.catAttrs "a" [ { a = 1; } { b = 0; } { a = 2; } ]; expected = [ 1 2 ]; };
  cartesianProduct = {
    expr = lib.cartesianProduct { a = [ 1 2 ]; b = [ 10 20 ]; };
    expected = [ { a = 1; b = 10; } { a = 1; b = 20; } { a = 2; b = 10; } { a = 2; b = 20; } ];
  };
  cartesianProductEmpty = { expr = lib.cartesianProduct { }; expected = [ { } ]; };
  mapCartesianProduct = { expr = lib.mapCartesianProduct ({ a, b }: a + b) { a = [ 1 2 ]; b = [ 10 ]; }; expected = [ 11 12 ]; };
  unionOfDisjoint = { expr = lib.unionOfDisjoint { a = 1; } { b = 2; }; expected = { a = 1; b = 2; }; };
  unionOfDisjointClash = { expr = (builtins.tryEval (lib.unionOfDisjoint { a = 1; } { a = 2; }).a).success; expected = false; };
  unionOfDisjointClashOthersFine = { expr = (lib.unionOfDisjoint { a = 1; c = 3; } { a = 2; }).c; expected = 3; };
  matchAttrs = { expr = [ (lib.matchAttrs { a.b = 1; } { a = { b = 1; c = 2; }; d = 3; }) (lib.matchAttrs { a = 1; } { a = 2; }) (lib.matchAttrs { a = 1; } { }) ]; expected = [ true false false ]; };
  overrideExisting = { expr = lib.overrideExisting { a = 1; b = 2; } { a = 3; c = 4; }; expected = { a = 3; b = 2; }; };
  isDerivation = { expr = [ (lib.isDerivation drv) (lib.isDerivation { type = "x"; }) (lib.isDerivation "x") ]; expected = [ true false false ]; };
  getOutputBin = { expr = lib.getBin (drv // { bin = "B"; out = "O"; }); expected = "B"; };
  getOutputFallsBackToOut = { expr = lib.getLib (drv // { out = "O"; }); expected = "O"; };
  getOutputItself = { expr = (lib.getDev drv).name; expected = "p"; };
  getOutputSpecified = { expr = (lib.getBin (drv // { outputSpecified = true; bin = "B"; })).name; expected = "p"; };
  updateManyAttrsByPath = {
    expr = lib.updateManyAttrsByPath [
      { path = [ "a" "b" ]; update = old: { d = old.c; }; }
      { path = [ "a" "b" "c" ]; update = old: old + 1; }
      { path = [ "x" "y" ]; update = old: "xy"; }
    ] { a.b.c = 0; };
    expected = { a = { b = { d = 1; }; }; x = { y = "xy"; }; };
  };
  updateManyAttrsByPathOrder = {
    expr = lib.updateManyAttrsByPath [ { path = [ "a" ]; update = o: o + 1; } { path = [ "a" ]; update = o: o * 10; } ] { a = 1; };
    expected = { a = 20; };
  };
  recurseIntoAttrs = { expr = lib.recurseIntoAttrs { a = 1; }; expected = { a = 1; recurseForDerivations = true; }; };
  removeAttrs = { expr = lib.removeAttrs { a = 1; b = 2; } [ "a" ]; expected = { b = 2; }; };
  intersectAttrs = { expr = lib.intersectAttrs { a = 0; } { a = 1; b = 2; }; expected = { a = 1; }; };
  hasAttr = { expr = [ (lib.hasAttr "a" { a = 1; }) (lib.getAttr "a" { a = 7; }) ]; expected = [ true 7 ]; };
  listToAttrs = { expr = lib.listToAttrs [ (lib.nameValuePair "a" 1) (lib.nameValuePair "a" 2) ]; expected = { a = 1; }; };
  namespaceAttrsets = { expr = lib.attrsets.filterAttrs (n: v: v) { a = true; b = false; }; expected = { a = true; }; };
}
