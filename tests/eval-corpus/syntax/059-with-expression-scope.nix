let sets = { one = { v = 1; }; two = { v = 2; }; }; in
[ (with sets.one; v) (with sets; two.v) (with sets.two; v + (with sets.one; v)) ]
