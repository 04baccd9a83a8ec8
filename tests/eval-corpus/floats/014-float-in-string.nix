# toString on floats uses a different format from value printing (std::to_string, 6 decimals).
[ (toString 1.5) (toString 0.1) (toString 1.0e20) (toString 2.0) (toString (1.0 / 3)) ]
