builtins.fromJSON ''["\u00e9", "\u20ac", "\ud83d\ude00", "\u0041\u0042", "\/"]''
