let gcd = a: b: if b == 0 then a else gcd b (a - (a / b) * b); in
[ (gcd 48 18) (gcd 17 5) (gcd 100 75) ]
