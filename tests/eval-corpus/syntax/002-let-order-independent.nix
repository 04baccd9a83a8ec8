# Bindings in a let may refer to each other in any order.
let
  total = a + b;
  a = b * 2;
  b = 5;
in
[ total a b ]
