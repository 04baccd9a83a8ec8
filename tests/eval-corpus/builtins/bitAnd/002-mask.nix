map (n: builtins.bitAnd n 1) [ 0 1 2 3 4 5 ]
