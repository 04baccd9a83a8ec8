# Sets with __functor can be called like functions.
let
  counter = { count = 0; __functor = self: n: self // { count = self.count + n; }; };
in
((counter 2) 3).count
