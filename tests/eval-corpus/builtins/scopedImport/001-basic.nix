builtins.scopedImport { foo = 6; bar = 7; } ../../data/scoped.nix
