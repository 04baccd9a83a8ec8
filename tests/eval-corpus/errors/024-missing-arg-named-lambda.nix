# error: missing-arg
let f = { x, y ? 1 }: x + y; in f { y = 2; }
