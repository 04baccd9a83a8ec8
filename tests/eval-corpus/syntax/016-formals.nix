let f = { a, b }: a * b; in
f { a = 6; b = 7; }
