builtins.toXML [ 1 "a" null true 1.5 ({ x, y ? 1, ... }@args: x) (z: z) ]
