# Trailing spaces on the last line before '' are stripped.
''
  a
  b
    ''
