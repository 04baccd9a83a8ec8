# scopedImport's scope also shadows global names such as `map`.
builtins.scopedImport { foo = 2; bar = 3; map = "shadowed"; } ../../data/scoped.nix
