let
  build = d: if d == 0 then { leaf = 1; } else { left = build (d - 1); right = build (d - 1); };
  sum = t: if t ? leaf then t.leaf else sum t.left + sum t.right;
in
sum (build 12)
