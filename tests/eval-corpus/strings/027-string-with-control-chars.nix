# Control characters other than \n \r \t are printed raw.
builtins.fromJSON "\"bell\\u0007 esc\\u001b del\\u007f\""
