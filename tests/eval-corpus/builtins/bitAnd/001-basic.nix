[ (builtins.bitAnd 6 3) (builtins.bitAnd 255 15) (builtins.bitAnd 0 123) (builtins.bitAnd (-8) 15) ]
