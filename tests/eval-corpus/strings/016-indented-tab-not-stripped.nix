# Only spaces are indentation; a tab-indented line makes the minimum indent 0.
''
    foo
	tab
  bar
''
