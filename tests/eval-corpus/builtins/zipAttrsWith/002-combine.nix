builtins.zipAttrsWith (name: values: "${name}:${toString (builtins.foldl' (x: y: x + y) 0 values)}") [ { x = 1; } { x = 2; y = 10; } ]
