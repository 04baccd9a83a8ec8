# Memoised fibonacci through a lazily built list.
let
  n = 80;
  fibs = builtins.genList (i: if i < 2 then i else builtins.elemAt fibs (i - 1) + builtins.elemAt fibs (i - 2)) (n + 1);
in
builtins.elemAt fibs n
