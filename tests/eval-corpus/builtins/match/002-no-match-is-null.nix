# The regex must match the whole string.
[ (builtins.match "a" "ba") (builtins.match "b" "bb") (builtins.match "b+" "bb") ]
