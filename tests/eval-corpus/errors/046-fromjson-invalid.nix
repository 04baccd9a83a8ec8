# error: other
builtins.fromJSON "{ not json"
