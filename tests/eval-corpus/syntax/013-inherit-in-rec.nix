let v = 10; in
rec {
  inherit v;
  w = v + 1;
}
