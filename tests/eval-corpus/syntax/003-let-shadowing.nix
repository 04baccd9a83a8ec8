let
  x = 1;
  f = x: x * 10;
in
let x = 2; in
[ x (f 3) (let x = 4; in x) ]
