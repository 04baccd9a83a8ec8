builtins.fromTOML ''
  a = 1
  b = "two"
  c = [1, 2, 3]
  d = 1.5
  e = true
''
