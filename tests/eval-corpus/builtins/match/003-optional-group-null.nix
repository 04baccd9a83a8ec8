[ (builtins.match "a(b)?c" "ac") (builtins.match "a(b)?c" "abc") (builtins.match "(x)|(y)" "y") ]
