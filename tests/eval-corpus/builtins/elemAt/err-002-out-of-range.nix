# error: index
builtins.elemAt [ 1 2 ] 2
