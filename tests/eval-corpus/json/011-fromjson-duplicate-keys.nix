# With duplicate keys the last one wins.
builtins.fromJSON ''{"a": 1, "b": 2, "a": 3}''
