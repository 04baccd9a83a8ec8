# trace prints "trace: ..." to stderr and returns its second argument.
builtins.trace "a trace message" 42
