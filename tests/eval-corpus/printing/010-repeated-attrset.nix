# The same attribute set value reached twice is printed once, then as «repeated».
let shared = { x = 1; }; in
{ first = shared; second = shared; third = [ shared ]; }
