# error: index
builtins.elemAt [ 1 ] (-1)
