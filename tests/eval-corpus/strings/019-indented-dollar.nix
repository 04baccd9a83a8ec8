''
  $ alone, $$ double, $${braces}, ''$ escaped
''
