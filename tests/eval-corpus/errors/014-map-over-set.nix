# error: type
map (x: x) { a = 1; }
