[ (builtins.mul 0.5 0.5) (builtins.mul 3 0.1) (builtins.typeOf (builtins.mul 2 2.0)) ]
