# error: other
builtins.fromTOML "a = "
