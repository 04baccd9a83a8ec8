[ (builtins.hashString "sha256" "") (builtins.hashString "sha256" "The quick brown fox jumps over the lazy dog") ]
