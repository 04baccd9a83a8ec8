[ (builtins.pathExists ../../data/hello.txt) (builtins.pathExists ../../data/tree) (builtins.pathExists ../../data/nonexistent) ]
