let tags = [ "a" "b" "c" ]; in
map (n: { name = n; inherit tags; }) [ "x" "y" ]
