builtins.toJSON [ 0.1 1.5 1.0 1.0e20 (2.0 / 3) 1.5e-7 ]
