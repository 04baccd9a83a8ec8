# error: type
"a" + 1
