[ (builtins.match "a.c" "a\nc") (builtins.match "([^\n]*)\n(.*)" "first\nsecond") ]
