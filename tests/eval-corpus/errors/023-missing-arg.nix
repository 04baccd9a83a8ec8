# error: missing-arg
({ a }: a) { }
