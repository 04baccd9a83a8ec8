# lib.path: joining a path value with a relative subpath (written from nixpkgs'
# documented contract for `lib.path.append`; no nixpkgs code).
{ lib }:
let
  inherit (builtins) isPath isString substring stringLength filter split;

  # The components of a relative subpath: "./a//b/." gives [ "a" "b" ]; null when
  # the string is not a valid subpath (empty, absolute, or with a ".." component).
  components = s:
    let
      parts = filter (p: isString p && p != "" && p != ".") (split "/" s);
    in
    if s == "" || substring 0 1 s == "/" || builtins.elem ".." parts then null else parts;
in
{
  # `append /a "b/c"` is /a/b/c: the path must be a path value, the subpath a
  # relative string without "..".
  append = path: subpath:
    if !isPath path then throw "lib.path.append: The first argument is of type ${builtins.typeOf path}, but a path was expected"
    else if !isString subpath then throw "lib.path.append: Second argument is of type ${builtins.typeOf subpath}, but a string was expected"
    else
      let parts = components subpath; in
      if parts == null then throw "lib.path.append: Second argument is not a valid subpath string: ${subpath}"
      else builtins.foldl' (p: c: p + "/${c}") path parts;

  subpath = {
    isValid = s: isString s && components s != null;
    join = subpaths: "./" + builtins.concatStringsSep "/" (builtins.concatMap (s: components s) subpaths);
  };

  # Whether `path1` is `path2` or a parent of it.
  hasPrefix = path1: path2:
    let a = toString path1; b = toString path2; in
    a == b || substring 0 (stringLength a + 1) b == a + "/";
}
