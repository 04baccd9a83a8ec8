let f = args@{ a, b ? 2, ... }: args // { sum = a + b; }; in
f { a = 1; c = 3; }
