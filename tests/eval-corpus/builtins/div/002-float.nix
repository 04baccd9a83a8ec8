[ (builtins.div 10.0 4) (builtins.div 1 4.0) ]
