# Mutually recursive data is fine as long as evaluation terminates.
let
  a = { name = "a"; other = b; };
  b = { name = "b"; other = a; };
in
a.other.other.other.name
