# error: throw
# tryEval only protects evaluation to WHNF; --strict then forces the nested throw.
builtins.tryEval { a = throw "escapes tryEval"; }
