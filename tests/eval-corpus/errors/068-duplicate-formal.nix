# error: other
# Nix rejects a formal argument named twice.
({ a, b, a }: a) { a = 1; b = 2; }
