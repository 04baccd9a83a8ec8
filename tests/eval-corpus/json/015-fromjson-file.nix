builtins.fromJSON (builtins.readFile ../data/value.json)
