# map does not force elements that are never inspected.
builtins.length (map (x: throw "forced") [ 1 2 3 ])
