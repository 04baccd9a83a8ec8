{
  a = let x = 2; in x * x;
  b = with { y = 3; }; y;
  c = assert true; "ok";
  d = if false then 1 else 0;
}
