# Lists of 3+ elements share their element array, so a second occurrence is «repeated».
let l = [ 1 2 3 ]; in
[ l l (map (x: l) [ 0 ]) ]
