map builtins.typeOf [ (1 + 1) (1 + 1.0) (1.0 + 1) (4 / 2) (4.0 / 2) (builtins.div 4.0 2) (builtins.mul 2 3) ]
