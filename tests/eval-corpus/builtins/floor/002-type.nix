[ (builtins.floor 7) (builtins.typeOf (builtins.floor 1.5)) ]
