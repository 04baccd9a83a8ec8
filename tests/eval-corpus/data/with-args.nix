{ a ? 10, b }: { sum = a + b; inherit a b; }
