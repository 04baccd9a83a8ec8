[ (builtins.ceil 5) (builtins.typeOf (builtins.ceil 1.5)) ]
