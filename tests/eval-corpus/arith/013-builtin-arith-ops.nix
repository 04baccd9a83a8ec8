[ (builtins.add 2 3) (builtins.sub 2 3) (builtins.mul 4 5) (builtins.div 17 5) (builtins.add 1.5 1) ]
