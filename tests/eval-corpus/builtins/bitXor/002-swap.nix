let a = 12; b = 25; a1 = builtins.bitXor a b; b1 = builtins.bitXor a1 b; a2 = builtins.bitXor a1 b1; in
[ a2 b1 ]
