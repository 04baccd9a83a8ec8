# error: other
(derivation { name = "x"; system = "s"; }).outPath
