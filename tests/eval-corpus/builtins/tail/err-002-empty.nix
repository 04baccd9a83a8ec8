# error: index
builtins.tail [ ]
