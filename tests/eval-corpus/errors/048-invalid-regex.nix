# error: other
builtins.match "(" "("
