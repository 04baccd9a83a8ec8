[ (builtins.fromJSON "-0") (builtins.fromJSON "-0.0") (builtins.fromJSON "123456789012345678901") ]
