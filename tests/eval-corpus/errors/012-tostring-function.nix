# error: type
toString (x: x)
