[ (builtins.match ".*\\.nix" "default.nix") (builtins.match "" "") ]
