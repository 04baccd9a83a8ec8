let
  fix = f: let x = f x; in x;
  fib = fix (self: n: if n < 2 then n else self (n - 1) + self (n - 2));
in
map fib [ 0 1 2 10 20 ]
