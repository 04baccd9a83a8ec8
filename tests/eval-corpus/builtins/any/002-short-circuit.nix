builtins.any (x: x) [ false true (throw "not reached") ]
