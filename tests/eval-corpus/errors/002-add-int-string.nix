# error: type
1 + "a"
