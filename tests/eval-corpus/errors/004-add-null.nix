# error: type
1 + null
