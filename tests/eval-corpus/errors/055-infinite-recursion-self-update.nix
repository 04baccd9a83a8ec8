# error: infinite-recursion
let s = s // { a = 1; }; in s.a
