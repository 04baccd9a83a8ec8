let s = { keep = 1; drop = throw "not needed"; }; in
builtins.removeAttrs s [ "drop" ]
