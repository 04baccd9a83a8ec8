# Sets with outPath or __toString serialise as strings.
builtins.toJSON [ { outPath = "/some/out"; ignored = 1; } { __toString = self: "custom:${self.v}"; v = "x"; } ]
