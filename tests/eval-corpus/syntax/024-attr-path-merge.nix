{
  a.b = 1;
  a.c = 2;
  a.d.e = 3;
  a.d.f = 4;
}
