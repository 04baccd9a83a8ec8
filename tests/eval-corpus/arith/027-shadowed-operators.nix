# `-`, `*`, `/` and the comparisons call `__sub`, `__mul`, `__div` and `__lessThan`, looked up
# lexically: a `let` of that name replaces the builtin (`+` and `==` are not calls).
let
  __sub = a: b: "sub ${toString a} ${toString b}";
  __mul = a: b: "mul";
  __div = a: b: "div";
  __lessThan = a: b: [ a b ];
  __add = a: b: "never";
in
[ (5 - 3) (5 * 3) (5 / 3) (1 < 2) (1 > 2) (-3) (5 + 3) ]
