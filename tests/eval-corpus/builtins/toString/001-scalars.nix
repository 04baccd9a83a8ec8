map toString [ 1 (-1) true false null "s" 1.5 ]
