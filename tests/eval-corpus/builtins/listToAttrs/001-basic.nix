builtins.listToAttrs [ { name = "a"; value = 1; } { name = "b c"; value = [ 2 ]; } ]
