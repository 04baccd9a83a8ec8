let
  range = lo: hi: if lo > hi then [ ] else [ lo ] ++ range (lo + 1) hi;
in
builtins.length (range 1 2000)
