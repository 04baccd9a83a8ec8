[ (builtins.typeOf (toString 1)) (builtins.typeOf (1 / 2)) (builtins.typeOf (builtins.fromJSON "1.5")) (builtins.typeOf (import ../../data/inc.nix)) ]
