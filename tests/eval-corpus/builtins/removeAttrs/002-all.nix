removeAttrs { x = 1; } [ "x" ]
