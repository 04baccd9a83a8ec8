let s = { x1 = "one"; x2 = "two"; }; in
map (i: builtins.getAttr "x${toString i}" s) [ 1 2 ]
