[ (toString /a/b) (builtins.typeOf (toString /a)) ]
