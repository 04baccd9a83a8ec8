# error: unexpected-arg
let f = { x ? 0 }: x; in f { y = 1; }
