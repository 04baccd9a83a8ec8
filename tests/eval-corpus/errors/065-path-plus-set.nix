# error: type
# Adding a string to a path is fine, but adding a set is not.
/a + { }
