{ fromDefault = true; list = [ 1 2 3 ]; }
