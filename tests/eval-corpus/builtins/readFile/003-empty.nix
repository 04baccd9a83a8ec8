[ (builtins.readFile ../../data/empty.txt) (builtins.stringLength (builtins.readFile ../../data/tree/sub/inner.txt)) ]
