# error: missing-attr
builtins.getAttr "nope" { yes = 1; }
