map builtins.tryEval [ 1 (throw "boom") (assert false; 2) "ok" ]
