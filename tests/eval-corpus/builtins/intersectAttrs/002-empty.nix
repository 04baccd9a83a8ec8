[ (builtins.intersectAttrs { } { a = 1; }) (builtins.intersectAttrs { a = 1; } { }) ]
