builtins.trace { traced = [ 1 2 ]; } (builtins.trace 5 "result")
