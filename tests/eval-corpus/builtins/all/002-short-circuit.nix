builtins.all (x: x) [ true false (throw "not reached") ]
