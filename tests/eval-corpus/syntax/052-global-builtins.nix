# Some builtins are available without the builtins. prefix.
[
  (map (x: x + 1) [ 1 2 ])
  (isNull null)
  (removeAttrs { a = 1; b = 2; } [ "a" ])
  (toString 5)
  (baseNameOf "/x/y")
  (builtins.isFunction import)
]
