# An empty pattern matches between every character (and at both ends).
[ (builtins.replaceStrings [ "" ] [ "-" ] "abc") (builtins.replaceStrings [ "" ] [ "-" ] "") ]
