let n = -4; in
[ n (n * n) (n - n) (n + 10) (-n) (n / 3) ]
