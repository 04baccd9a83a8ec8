# error: type
1 < "2"
