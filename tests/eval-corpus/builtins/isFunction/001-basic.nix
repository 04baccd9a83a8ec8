map builtins.isFunction [ (x: x) ({ a }: a) builtins.add (builtins.add 1) map { } null ]
