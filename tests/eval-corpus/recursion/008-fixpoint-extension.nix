let
  fix = f: let x = f x; in x;
  extends = overlay: base: self: let super = base self; in super // overlay self super;
  base = self: { name = "base"; greeting = "hello ${self.name}"; };
  overlay = self: super: { name = "overlaid"; original = super.name; };
in
fix (extends overlay base)
