let
  nest = n: if n == 0 then { v = "bottom"; } else { inner = nest (n - 1); };
  dig = s: if s ? v then s.v else dig s.inner;
in
dig (nest 3000)
