builtins.listToAttrs (map (n: { name = n; value = builtins.stringLength n; extra = throw "ignored"; }) [ "x" "yy" "zzz" ])
