let n = 5; in
"n is ${toString n}, float is ${toString 0.5}, bool is '${toString true}'"
