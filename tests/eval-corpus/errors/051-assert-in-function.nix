# error: assert
let positive = n: assert n > 0; n; in positive (0 - 1)
