{
  "quoted" = 1;
  "needs quoting" = 2;
  "a.b" = 3;
}."needs quoting"
