let s = { a.b = 1; }; in
[ (builtins.hasAttr "a" s) (s ? a.b) (builtins.hasAttr "a.b" s) ]
