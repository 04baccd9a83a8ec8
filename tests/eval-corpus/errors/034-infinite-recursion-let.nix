# error: infinite-recursion
let x = x; in x
