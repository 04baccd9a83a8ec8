# error: type
({ a }: a) 5
