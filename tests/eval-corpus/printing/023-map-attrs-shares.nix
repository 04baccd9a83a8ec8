let v = { deep = [ 1 2 3 ]; }; in
builtins.mapAttrs (name: value: v) { p = 0; q = 0; }
