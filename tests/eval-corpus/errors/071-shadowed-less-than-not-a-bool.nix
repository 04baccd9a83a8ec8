# error: type
let __lessThan = a: b: "x"; in 1 <= 2
