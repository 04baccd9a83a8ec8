builtins.toJSON "line\nbreak \"quoted\""
