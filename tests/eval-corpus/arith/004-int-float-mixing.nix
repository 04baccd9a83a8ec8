[ (1 + 0.5) (2 * 1.5) (3 - 0.25) (builtins.typeOf (1 + 1.0)) (builtins.typeOf (2 * 2)) ]
