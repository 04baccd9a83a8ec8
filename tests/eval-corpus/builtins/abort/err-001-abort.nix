# error: abort
builtins.abort "stop right here"
