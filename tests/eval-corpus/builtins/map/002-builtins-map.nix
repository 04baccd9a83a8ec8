builtins.map (s: { name = s; }) [ "a" "b" ]
