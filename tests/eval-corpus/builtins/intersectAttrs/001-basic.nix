# Result takes the names of the first set and the values of the second.
builtins.intersectAttrs { a = 1; b = 2; c = 3; } { b = "B"; c = "C"; d = "D"; }
