# toJSON rounds floats to 6 significant digits, so round-trips can lose precision.
let x = 1.0 / 3; y = builtins.fromJSON (builtins.toJSON x); in
[ y (x == y) (builtins.fromJSON (builtins.toJSON 0.5) == 0.5) ]
