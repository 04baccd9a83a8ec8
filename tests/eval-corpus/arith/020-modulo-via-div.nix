let mod = a: b: a - (a / b) * b; in
[ (mod 17 5) (mod 20 5) (mod (-7) 3) (mod 7 (-3)) ]
