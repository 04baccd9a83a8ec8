# A lone CR inside an indented string is kept (it is not a line break there, nor
# indentation), and counts as text for the common indentation.
[
  ''
    a  b
    c
  ''
  ''''
  ''
    x
  ''
  ''    y
  z
''
]
