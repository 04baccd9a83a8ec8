# Sets with __toString or outPath can be converted to strings.
[ (toString { __toString = self: "I am ${self.name}"; name = "obj"; }) (toString { outPath = "/out"; }) "${{ outPath = "interp"; }}" ]
