''
  outer
  ${''
    inner line 1
    inner line 2
  ''}
  end
''
