map builtins.ceil [ 1.1 1.0 (-1.1) 0.0 1.0e10 2.5 ]
