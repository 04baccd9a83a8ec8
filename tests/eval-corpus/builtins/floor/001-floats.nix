map builtins.floor [ 1.9 1.0 (-1.1) 0.0 2.5 (-0.5) ]
