{ lambda = x: x; formals = { a }: a; primop = builtins.add; global = map; partial = builtins.add 1; partialMap = map (x: x); }
