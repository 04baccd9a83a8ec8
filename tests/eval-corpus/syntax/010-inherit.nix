let
  x = 1;
  y = "two";
in
{ inherit x y; z = 3; }
