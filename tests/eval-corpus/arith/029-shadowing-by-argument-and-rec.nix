# A function argument or a `rec` attribute shadows the builtin too; `with` never does.
[
  ((__sub: 5 - 3) (a: b: 7))
  (({ __mul }: 5 * 3) { __mul = a: b: 8; })
  (rec { __div = a: b: 9; x = 6 / 3; }).x
  (with { __sub = a: b: 0; }; 5 - 3)
  (let __sub = a: b: 42; in builtins.sub 5 3)
]
