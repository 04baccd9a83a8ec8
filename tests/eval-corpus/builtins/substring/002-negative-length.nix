# A negative length means "to the end".
[ (builtins.substring 1 (-1) "hello") (builtins.substring 0 0 "hello") ]
