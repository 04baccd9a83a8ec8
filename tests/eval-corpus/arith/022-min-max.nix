let
  min = a: b: if a < b then a else b;
  max = a: b: if a > b then a else b;
in
[ (min 3 7) (max 3 7) (min 2.5 2) (max "abc" "abd") ]
