# Text on the first line after '' counts for indentation too.
''first
  second
  third''
