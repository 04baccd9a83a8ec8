builtins.catAttrs "name" [ { name = "a"; } { other = 1; } { name = "b"; x = 2; } ]
