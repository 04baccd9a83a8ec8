[ (builtins.add 1.5 2.25) (builtins.add 1 0.5) (builtins.add 0.5 1) ]
