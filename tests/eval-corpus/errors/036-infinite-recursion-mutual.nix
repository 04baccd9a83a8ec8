# error: infinite-recursion
let a = b + 1; b = a + 1; in a
