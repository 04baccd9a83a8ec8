builtins.toXML { a = 1; b = "two"; }
