map (x: [ (builtins.floor x) (builtins.ceil x) ]) [ 0.5 (-0.5) 1.0e10 2.0 ]
