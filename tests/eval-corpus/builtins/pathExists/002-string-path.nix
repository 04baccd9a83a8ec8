[ (builtins.pathExists (toString ../../data/hello.txt)) (builtins.pathExists "/definitely/not/here/xyz") ]
