[ (builtins.bitOr 6 3) (builtins.bitOr 8 1) (builtins.bitOr 0 0) (builtins.bitOr (-8) 3) ]
