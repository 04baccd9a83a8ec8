map builtins.toJSON [ 1 (-5) 0.5 true false null "str" ]
