# nix-instantiate --eval --strict (without --arg) prints a top-level function, even one
# whose formals all have defaults, instead of calling it.
{ a ? 1, b ? 2 }: a + b
