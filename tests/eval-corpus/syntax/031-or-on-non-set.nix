# Selecting from a non-set with `or` yields the default.
let n = 5; in
[ (n.x or "default") ({ a = 1; }.a.b or "nested") ]
