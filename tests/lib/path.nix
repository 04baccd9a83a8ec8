# Tests of lib.path and lib.filesystem (nixpkgs' documented behaviour).
let
  lib = import ../../analyzer/nixos/src/modules/lib;
in
{
  append = { expr = lib.path.append /a "b/c.nix"; expected = /a/b/c.nix; };
  appendDotSlash = { expr = lib.path.append /a "./b//c/"; expected = /a/b/c; };
  appendDot = { expr = lib.path.append /a "."; expected = /a; };
  appendPartial = { expr = map (lib.path.append /root) [ "x" "y/z" ]; expected = [ /root/x /root/y/z ]; };
  appendParentFails = { expr = (builtins.tryEval (lib.path.append /a "../b")).success; expected = false; };
  appendAbsoluteFails = { expr = (builtins.tryEval (lib.path.append /a "/b")).success; expected = false; };
  appendStringFails = { expr = (builtins.tryEval (lib.path.append "/a" "b")).success; expected = false; };
  subpathIsValid = {
    expr = map lib.path.subpath.isValid [ "a/b" "./a" "" "/a" "a/../b" ];
    expected = [ true true false false false ];
  };
  subpathJoin = { expr = lib.path.subpath.join [ "a" "./b/c" "d/" ]; expected = "./a/b/c/d"; };
  hasPrefix = {
    expr = [ (lib.path.hasPrefix /a /a/b) (lib.path.hasPrefix /a /a) (lib.path.hasPrefix /a /ab) ];
    expected = [ true true false ];
  };
  listFilesRecursive = {
    expr = map (p: lib.removePrefix (toString ./.) (toString p)) (lib.filesystem.listFilesRecursive ./data/tree);
    expected = [ "/data/tree/a.nix" "/data/tree/sub/b.nix" ];
  };
}
