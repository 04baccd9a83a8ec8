let ops = { add = a: b: a + b; neg = a: 0 - a; }; in
ops.neg (ops.add 2 3)
