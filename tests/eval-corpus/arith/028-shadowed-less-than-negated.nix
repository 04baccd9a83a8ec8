# `a <= b` is `!(b < a)` and `a >= b` is `!(a < b)`, through the `__lessThan` in scope.
let __lessThan = a: b: a == 1; in
[ (1 <= 2) (2 <= 1) (1 >= 2) (2 >= 1) ]
