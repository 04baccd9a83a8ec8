builtins.readDir ../../data/tree
