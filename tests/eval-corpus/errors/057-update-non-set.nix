# error: type
{ a = 1; } // [ 1 ]
