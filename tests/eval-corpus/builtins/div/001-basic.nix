[ (builtins.div 10 3) (builtins.div (-10) 3) (builtins.div 10 (-3)) (builtins.div 9 3) ]
