let s = "hello world"; in
[ (builtins.substring 0 5 s) (builtins.substring 6 5 s) (builtins.substring 6 100 s) (builtins.substring 20 3 s) ]
