let f = x: x * 10; s = { a = 2; }; in
[ (f 1 + 2) (f s.a) (f (1 + 2)) (f (-3)) ]
