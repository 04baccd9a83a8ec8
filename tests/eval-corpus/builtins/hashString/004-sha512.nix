builtins.hashString "sha512" "nix"
