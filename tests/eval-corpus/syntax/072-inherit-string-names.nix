# inherit accepts quoted names too.
let s = { "a" = 1; b = 2; }; in
{ inherit (s) "a" b; }
