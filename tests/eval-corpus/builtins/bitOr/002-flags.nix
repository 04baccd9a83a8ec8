builtins.foldl' builtins.bitOr 0 [ 1 2 4 16 ]
