# The @-bound set is the argument as passed: defaults are not added to it.
let f = args@{ a ? 1, b ? 2 }: { has_a = args ? a; has_b = args ? b; inherit a b; }; in
f { b = 5; }
