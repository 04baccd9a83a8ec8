# error: throw
builtins.seq (throw "first argument is forced") 2
