# error: type
true && 1
