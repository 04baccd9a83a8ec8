[ (builtins.toPath "/a/b/./c/../d") (builtins.toPath /x/y) ]
