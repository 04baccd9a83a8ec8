let v = { a = [ 1 2 { b = "c"; } ]; d = null; e = true; f = "g\nh"; }; in
[ (builtins.fromJSON (builtins.toJSON v) == v) (builtins.toJSON (builtins.fromJSON (builtins.toJSON v))) ]
