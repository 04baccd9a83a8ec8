[ (builtins.tryEval (throw "caught")) (builtins.tryEval 42) ]
