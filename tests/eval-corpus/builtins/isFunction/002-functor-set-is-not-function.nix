# A set with __functor is callable, but isFunction is false for it.
let f = { __functor = self: x: x + self.n; n = 10; }; in
[ (builtins.isFunction f) (f 5) ]
