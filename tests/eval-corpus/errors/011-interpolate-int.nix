# error: type
let n = 5; in "n = ${n}"
