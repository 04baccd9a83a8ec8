[ (builtins.hasContext "abc") (builtins.hasContext "") ]
