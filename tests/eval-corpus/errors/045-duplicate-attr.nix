# error: other
{ a = 1; a = 2; }
