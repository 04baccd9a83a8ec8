# line comment
let
  /* block
     comment */ a = 1; # trailing
  b = /* inline */ 2;
  /**/ c = 3;
in
[ a b c ] # done
