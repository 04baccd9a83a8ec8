builtins.sort builtins.lessThan [ 2.5 (-1.0) 0.1 10.0 3 ]
