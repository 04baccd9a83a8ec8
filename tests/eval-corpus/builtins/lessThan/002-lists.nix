[ (builtins.lessThan [ 1 2 ] [ 1 3 ]) (builtins.lessThan [ ] [ ]) (builtins.lessThan [ 1 ] [ 1 0 ]) ]
