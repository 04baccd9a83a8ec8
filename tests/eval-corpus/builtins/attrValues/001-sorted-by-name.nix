builtins.attrValues { c = "third"; a = "first"; b = "second"; }
