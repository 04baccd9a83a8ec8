# List elements bind tighter than application: f 1 inside a list is two elements.
let f = x: x * 2; in
[ f 1 (f 1) { a = 3; }.a ]
