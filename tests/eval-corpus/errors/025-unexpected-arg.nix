# error: unexpected-arg
({ a }: a) { a = 1; b = 2; }
