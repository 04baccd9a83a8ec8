''
    base
      more
    base again
  least
''
