# Items are deduplicated by key; the first occurrence (with its extra attributes) wins.
builtins.genericClosure {
  startSet = [ { key = "a"; via = "start"; } { key = "a"; via = "dup"; } ];
  operator = x: if x.key == "a" then [ { key = "b"; via = x.key; } { key = "a"; via = "loop"; } ] else [ ];
}
