# error: not-a-function
let __lessThan = 1; in 1 < 2
