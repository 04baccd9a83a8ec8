# Empty (and whitespace-only) lines do not count for the minimum indentation.
''

    a

    b
  
''
