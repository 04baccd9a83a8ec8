# Rounding to 6 digits can switch to exponent notation.
[ 999999.5 9999995.0 1000000.0 100000.0 ]
