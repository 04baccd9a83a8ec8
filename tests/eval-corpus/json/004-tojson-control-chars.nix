# Control characters become \u00XX (lowercase hex); DEL and non-ASCII pass through raw.
builtins.toJSON (builtins.fromJSON "\"\\u0001\\u001f\\u007f\\b\\f/é\"")
