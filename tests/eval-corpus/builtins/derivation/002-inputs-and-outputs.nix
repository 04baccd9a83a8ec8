# An input derivation's output (and arguments, paths, Booleans, lists) change the paths.
let
  a = derivation { name = "a"; builder = "b"; system = "s"; outputs = [ "out" "dev" ]; };
  b = derivation {
    name = "b";
    builder = "${a.dev}/bin/sh";
    system = "s";
    args = [ a "x" 1 ];
    flag = true;
    off = false;
    none = null;
    items = [ 1 "two" [ 3 ] ];
    src = ../../data/hello.txt;
  };
in
[ a.outPath a.dev.outPath a.drvPath b.outPath b.drvPath (builtins.attrNames (builtins.getContext b.drvPath)) ]
