builtins.fromTOML ''
  literal = 'C:\path'
  basic = "tab\tnew\nline"
  "quoted key" = 1
  dotted.key.path = "v"
  inline = { x = 1, y = "z" }
''
