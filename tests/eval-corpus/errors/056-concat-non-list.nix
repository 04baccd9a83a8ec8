# error: type
[ 1 ] ++ { a = 1; }
