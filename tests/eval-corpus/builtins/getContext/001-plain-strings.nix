[ (builtins.getContext "no context") (builtins.getContext "") ]
