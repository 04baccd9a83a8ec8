map (p: p.a -> p.b) [
  { a = false; b = false; }
  { a = false; b = true; }
  { a = true; b = false; }
  { a = true; b = true; }
]
