let s = { a = null; "x y" = 1; }; in
[ (builtins.hasAttr "a" s) (builtins.hasAttr "b" s) (builtins.hasAttr "x y" s) ]
