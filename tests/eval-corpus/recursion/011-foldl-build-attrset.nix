let s = builtins.foldl' (acc: i: acc // { "k${toString i}" = i; }) { } (builtins.genList (i: i) 200); in
[ (builtins.length (builtins.attrNames s)) s.k0 s.k199 ]
