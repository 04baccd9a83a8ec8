# error: other
builtins.substring (-1) 2 "hello"
