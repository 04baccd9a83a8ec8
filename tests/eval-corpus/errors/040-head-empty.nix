# error: index
builtins.head [ ]
