# Leading dot, trailing dot with exponent, upper-case E, explicit plus.
[ .5 .125 1.e3 1.5E3 1.5e+3 2.50 ]
