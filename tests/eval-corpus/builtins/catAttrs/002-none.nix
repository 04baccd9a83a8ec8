builtins.catAttrs "missing" [ { a = 1; } { } ]
