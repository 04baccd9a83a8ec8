# CRLF line endings: "..." turns CR LF into LF, ''...'' keeps the CR bytes.
let
  s = "one
two";
  i = ''
    x
      y
  '';
in
[ s i (builtins.stringLength i) ]
