[ (builtins.unsafeDiscardStringContext "abc") (builtins.getContext (builtins.unsafeDiscardStringContext "x")) ]
