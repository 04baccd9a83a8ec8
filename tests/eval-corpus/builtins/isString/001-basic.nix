map builtins.isString [ "" "x" ''y'' /p 1 null (toString 1) ]
