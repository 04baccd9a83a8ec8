let base = 100; in
rec {
  a = base + 1;
  b = a + base;
}
