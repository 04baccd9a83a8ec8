# error: other
builtins.genList (x: x) (-1)
