# foldl' folds from the left.
builtins.foldl' (acc: x: "(${acc} ${x})") "init" [ "a" "b" "c" ]
