let s = { a = { b = { c = null; }; }; n = 1; }; in
[ (s ? a.b.c) (s ? a.b.d) (s ? a.x.y) (s ? n.m) ]
