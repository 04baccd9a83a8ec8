# error: other
builtins.substring (-2) 1 "abc"
