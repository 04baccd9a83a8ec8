let v = builtins.fromJSON "[0, -1, 1.5, -0.25, 1e2, 2E-3, 1.0, 9223372036854775807]"; in
[ v (map builtins.typeOf v) ]
