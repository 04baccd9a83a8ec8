let sp = [ { prefix = "corpus"; path = ../../data; } { prefix = ""; path = ../../data/tree; } ]; in
[ (baseNameOf (builtins.findFile sp "corpus/hello.txt")) (baseNameOf (builtins.findFile sp "a.txt")) ]
