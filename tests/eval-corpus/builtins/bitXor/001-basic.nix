[ (builtins.bitXor 6 3) (builtins.bitXor 5 5) (builtins.bitXor 0 9) (builtins.bitXor (-1) 0) ]
