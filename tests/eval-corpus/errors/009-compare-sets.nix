# error: type
{ } < { }
