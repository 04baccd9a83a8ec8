# Integer division truncates toward zero.
[ (7 / 2) (0 - 7 / 2) ((0 - 7) / 2) (7 / (0 - 2)) ((0 - 7) / (0 - 2)) (1 / 3) ]
