# error: type
# `f -3` is a subtraction, not an application to -3.
let f = x: x; in f -3
