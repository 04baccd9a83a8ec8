map builtins.typeOf [ 1 1.0 "s" true null /p [ ] { } (x: x) builtins.add (builtins.add 1) ]
