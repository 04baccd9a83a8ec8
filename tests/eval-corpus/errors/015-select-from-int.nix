# error: type
let x = 5; in x.attr
