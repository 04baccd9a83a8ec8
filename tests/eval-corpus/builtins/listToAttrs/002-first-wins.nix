# With duplicate names, the first occurrence wins.
builtins.listToAttrs [ { name = "k"; value = "first"; } { name = "k"; value = "second"; } { name = "j"; value = 0; } ]
