# Only non-empty sets and lists are ever marked «repeated».
let s = "same"; n = 5; f = x: x; in
[ s s n n f f ]
