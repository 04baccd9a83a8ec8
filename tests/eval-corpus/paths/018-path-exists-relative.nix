[ (builtins.pathExists ./.) (builtins.pathExists ../data/hello.txt) (builtins.pathExists ./does-not-exist) ]
