# A float with a whole value still prints without a fractional part.
[ (0.5 + 0.5) (2.0 * 3) (builtins.isFloat (0.5 + 0.5)) ]
