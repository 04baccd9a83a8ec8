# error: throw
let check = n: if n > 3 then throw "n too big: ${toString n}" else n; in
map check [ 1 2 3 4 ]
