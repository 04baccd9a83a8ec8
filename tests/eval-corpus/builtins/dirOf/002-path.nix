[ (dirOf /a/b/c) (builtins.typeOf (dirOf /a/b)) (dirOf /x) ]
