# Floats in JSON use the same 6-significant-digit format as value printing.
builtins.toJSON [ 0.1 1.0 2.5 1.0e20 1.0e-7 123456789.0 (1.0 / 3) (0.0 * -1) ]
