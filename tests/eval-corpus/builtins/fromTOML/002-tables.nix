builtins.fromTOML ''
  [server]
  host = "example"
  [server.tls]
  enabled = false
  [[users]]
  name = "a"
  [[users]]
  name = "b"
''
