[ (toString /x/y) (builtins.typeOf (toString /x/y)) (toString /x/./y/..) ]
