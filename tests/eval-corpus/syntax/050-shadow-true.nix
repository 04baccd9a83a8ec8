# true/false/null are ordinary identifiers that can be shadowed.
let true = false; null = 3; in
[ true null ]
