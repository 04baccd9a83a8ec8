builtins.toJSON (builtins.genList (i: builtins.genList (j: i * j) i) 4)
