# error: throw
[ 1 2 (throw "list element forced by --strict") ]
