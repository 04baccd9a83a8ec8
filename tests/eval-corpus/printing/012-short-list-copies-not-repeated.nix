# Lists of 1-2 elements are stored inline: copies (e.g. through a function call) are printed again,
# but the very same value reached twice (same variable in a list literal) is «repeated».
let l = [ 1 2 ]; id = x: x; in
{ direct = [ l l ]; viaCall = [ (id l) (id l) ]; }
