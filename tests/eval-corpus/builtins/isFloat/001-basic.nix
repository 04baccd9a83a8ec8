map builtins.isFloat [ 1.0 1 0.5 "1.0" (1 / 2) (1 / 2.0) ]
