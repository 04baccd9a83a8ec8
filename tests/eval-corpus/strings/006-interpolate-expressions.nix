let xs = [ "x" "y" "z" ]; in
"${builtins.concatStringsSep "," xs}|${if true then "yes" else "no"}|${let v = "let"; in v}"
