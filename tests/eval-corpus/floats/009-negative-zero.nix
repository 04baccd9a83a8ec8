# Unary minus is `0 - x`, so -0.0 is +0; multiplying by a negative gives -0.
[ (-0.0) (0.0 * -1) (-1.0 * 0) (0.0 - 0.0) ]
