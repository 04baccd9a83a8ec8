builtins.foldl' (a: b: a + b) 100 [ 1 2 3 ]
