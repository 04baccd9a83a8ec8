[ (builtins.match "(foo|bar)baz" "barbaz") (builtins.match "^abc$" "abc") (builtins.match "a{2,3}" "aaa") (builtins.match "a{2,3}" "aaaa") ]
