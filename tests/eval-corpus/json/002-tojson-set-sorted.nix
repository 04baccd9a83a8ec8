builtins.toJSON { z = 1; a = [ 1 2 ]; m = { y = null; b = "x"; }; }
