# error: throw
builtins.deepSeq { a = [ 1 (throw "nested thunk") ]; } "unreachable"
