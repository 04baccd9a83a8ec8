# error: other
builtins.hashString "sha3" "x"
