builtins.appendContext "plain" { }
