# error: not-a-function
{ a = 1; } { }
