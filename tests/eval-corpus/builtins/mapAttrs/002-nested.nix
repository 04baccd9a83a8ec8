builtins.mapAttrs (n: v: builtins.mapAttrs (n2: v2: v2 * 10) v) { x = { p = 1; }; y = { q = 2; r = 3; }; }
