let x = 5; in
assert x > 0;
assert builtins.isInt x;
x * 2
