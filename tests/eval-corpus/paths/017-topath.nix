# builtins.toPath returns a (normalised) string, not a path.
[ (builtins.toPath "/a/b/../c") (builtins.typeOf (builtins.toPath "/x")) ]
