builtins.filter (x: x / 2 * 2 == x) [ 1 2 3 4 5 6 ]
