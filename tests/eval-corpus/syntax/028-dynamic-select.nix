let
  s = { alpha = 1; beta = 2; "with space" = 3; };
  k = "beta";
in
[ s.${k} s."with space" s.${"al" + "pha"} ]
