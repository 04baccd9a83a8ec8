let map = "not a function"; builtins = { x = 1; }; in
[ map builtins.x ]
