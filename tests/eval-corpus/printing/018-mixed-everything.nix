{
  int = -3;
  float = 0.5;
  str = "s";
  path = /p/q;
  bool = false;
  null = null;
  list = [ 1 "two" 3.0 [ ] ];
  set = { x = { }; };
  fn = a: a;
}
