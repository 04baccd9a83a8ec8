# error: other
builtins.toJSON { f = x: x; }
