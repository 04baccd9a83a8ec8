# error: type
with 1; x
