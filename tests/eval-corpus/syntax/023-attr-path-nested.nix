{ a.b.c = 1; x.y = "z"; }
