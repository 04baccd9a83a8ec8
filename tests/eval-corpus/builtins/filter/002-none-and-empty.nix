[ (builtins.filter (x: false) [ 1 2 ]) (builtins.filter (x: true) [ ]) (builtins.filter (s: s != "") [ "a" "" "b" ]) ]
