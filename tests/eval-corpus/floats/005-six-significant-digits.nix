# Floats print with 6 significant digits (C++ ostream default).
[ 123456789.0 1234567.0 123456.0 999999.0 3.14159265358979 2.718281828 ]
