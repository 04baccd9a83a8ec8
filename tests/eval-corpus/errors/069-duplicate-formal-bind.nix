# error: other
# The @-name counts as a formal too.
({ a, ... }@a: a) { a = 1; }
