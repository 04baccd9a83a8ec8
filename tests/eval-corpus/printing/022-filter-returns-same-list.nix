# builtins.filter returns its input unchanged when every element is kept.
let l = [ 1 2 3 ]; in
[ l (builtins.filter (x: true) l) (builtins.filter (x: x > 1) l) ]
