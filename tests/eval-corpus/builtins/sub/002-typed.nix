[ (builtins.sub 1 0.5) (builtins.typeOf (builtins.sub 3 1)) ]
