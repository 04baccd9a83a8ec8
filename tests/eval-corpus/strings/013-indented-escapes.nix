''
  dollar: ''${not interpolated}
  quotes: '''
  newline escape: ''\n
  tab escape: ''\t
  literal backslash-n: \n
''
