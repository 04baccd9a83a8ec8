[ (baseNameOf /nix/store/abc-foo) (builtins.typeOf (baseNameOf /x/y)) ]
