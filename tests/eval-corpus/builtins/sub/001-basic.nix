[ (builtins.sub 10 3) (builtins.sub 3 10) (builtins.sub 1.5 0.5) (builtins.sub 0 0) ]
