builtins.attrNames (builtins.readDir ../../data/tree/sub)
