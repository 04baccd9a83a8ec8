# error: abort
# tryEval catches throw and assert failures, but not abort.
builtins.tryEval (abort "uncatchable")
