# `s // { }` returns s itself, so it is the same value.
let s = { a = 1; }; in
[ s (s // { }) ({ } // s) (s // { b = 2; }) ]
