rec {
  a = b + 1;
  b = c + 1;
  c = d + 1;
  d = 0;
  all = [ a b c d ];
}
