[ (builtins.lessThan 1 2) (builtins.lessThan 2.5 2) (builtins.lessThan "a" "b") (builtins.lessThan [ 1 ] [ 1 1 ]) ]
