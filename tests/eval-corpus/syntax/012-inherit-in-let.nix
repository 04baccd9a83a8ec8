let
  cfg = { name = "demo"; size = 7; };
  inherit (cfg) name size;
in
"${name}:${toString size}"
