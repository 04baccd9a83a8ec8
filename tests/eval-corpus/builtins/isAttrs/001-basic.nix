map builtins.isAttrs [ { } { a = 1; } [ ] "s" null (x: x) ]
