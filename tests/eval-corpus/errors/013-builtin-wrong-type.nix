# error: type
builtins.length "not a list"
