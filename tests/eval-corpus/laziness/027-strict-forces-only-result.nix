let big = { used = [ 1 2 ]; unused = throw "not part of the result"; }; in
big.used
