[ (builtins.lessThan 1 2) (builtins.lessThan 2 1) (builtins.lessThan 1 1) (builtins.lessThan "abc" "abd") (builtins.lessThan 0.5 1) ]
